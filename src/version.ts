/** briefly's version, reported in every brief's `generator`. Keep in step with package.json. */
export const VERSION = '0.1.0';
