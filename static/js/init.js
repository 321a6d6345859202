/*
 * Start the NHS.UK frontend components (menu overflow, error-summary focus, password
 * show/hide). A module in its own file, because the content security policy allows
 * no inline script; the path is relative to this file under STATIC_URL.
 */
import { initAll } from "../nhsuk/nhsuk-frontend.min.js";

initAll();
