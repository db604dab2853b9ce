export { findChromium, requireChromium, NO_CHROMIUM, type ChromiumLookup, type ChromiumSearch } from './lib/find-chromium';
export { playwrightChannelExecutable, type ChromiumChannel } from './lib/playwright-channel';
