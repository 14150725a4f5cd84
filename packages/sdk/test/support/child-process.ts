// Kept for the tests that import it from here; the helper is part of the testing kit now.
export { startChild } from "../../src/testing/child-process.js";
