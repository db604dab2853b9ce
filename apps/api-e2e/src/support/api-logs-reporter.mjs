// After a run with failures, says where the output of the failed test files' API processes is:
// a failed assertion shows a status code, the API's log line says why.
import { relative } from 'node:path';
import { API_LOGS_DIR, WORKSPACE_ROOT, apiLogsOf } from './api-logs.mjs';

export default class ApiLogsReporter {
  onRunComplete(_testContexts, results) {
    const failed = results.testResults.filter((file) => file.numFailingTests > 0 || file.testExecError);
    if (failed.length === 0) return;
    const lines = failed.map((file) => {
      const logs = apiLogsOf(file.testFilePath);
      return `  ${relative(WORKSPACE_ROOT, file.testFilePath)}: ${logs.length > 0 ? logs.join(', ') : 'started no API process'}`;
    });
    process.stderr.write(`\nThe API processes' output of the failed test files is in ${relative(WORKSPACE_ROOT, API_LOGS_DIR)}/:\n${lines.join('\n')}\n`);
  }
}
