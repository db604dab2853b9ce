'use strict';
/**
 * The code the Lambda function is created with, before any release exists: CloudFormation
 * needs code to create a function, and the real code (the release zip, `lambda.js` at its
 * root) is published by the release workflow, not by CDK. Same file name and handler
 * (`lambda.handler`) as the release, so the first UpdateFunctionCode needs no configuration
 * change. It answers every request 503 in the API's error format, so nothing mistakes the
 * empty function for a healthy API (the release checks /api/health before it moves `live`).
 */
exports.handler = async () => ({
  statusCode: 503,
  headers: { 'content-type': 'application/json; charset=utf-8', 'retry-after': '60', 'cache-control': 'no-store' },
  body: JSON.stringify({ errors: { service: ['not released yet: the first release deploys the API to this function'] } }),
});
