// A browser test drives several screens; `testTimeout` is ignored in a project config, so it is set here.
jest.setTimeout(30000);
