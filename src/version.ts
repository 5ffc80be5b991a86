/** taosim's version, recorded beside every output. Kept equal to package.json by a unit test. */
export const VERSION = '0.1.0';
