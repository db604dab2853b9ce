export default async function globalTeardown() {
  await globalThis.__CONDUIT_POSTGRES__?.stop();
}
