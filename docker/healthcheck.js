// Container health probe without curl: GET /api/health on the local port, healthy on 2xx.
// /api/health answers 503 when the database is down, which marks the container unhealthy.
const port = process.env.PORT || '3000';
fetch(`http://127.0.0.1:${port}/api/health`, { signal: AbortSignal.timeout(4000) })
  .then((res) => process.exit(res.ok ? 0 : 1))
  .catch(() => process.exit(1));
