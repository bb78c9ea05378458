// Auth.js: sign-in, sign-out, session and CSRF endpoints.
export { GET, POST } from "./handlers";
