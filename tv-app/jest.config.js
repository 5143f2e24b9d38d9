// `npx jest -c tv-app/jest.config.js`: unit tests (jsdom) and end-to-end tests (Chromium) of the TV app.
module.exports = {
  projects: ['<rootDir>/jest.unit.config.js', '<rootDir>/jest.e2e.config.js'],
};
