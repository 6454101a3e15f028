export { createApp, type AppOptions } from './app.js';
export { ApiError, errorBody, type ErrorBody, type Logger } from './errors.js';
export { ROLES, anyOf, hashToken, staticTokens, type Principal, type Role, type TokenDirectory } from './auth.js';
export { readConfig, type Config } from './config.js';
export { defineRoute, type RouteSpec } from './route.js';
export { apiRoutes } from './routes/index.js';
