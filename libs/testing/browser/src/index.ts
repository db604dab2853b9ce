export { requireChromium } from './lib/find-chromium';
