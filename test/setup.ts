// Global test setup. The msw server for OCI fakes is started by the tests that need it (test/msw/server.ts),
// so pure unit tests pay nothing for it.
export {};
