/*
 * Mark the page as having JavaScript before it is drawn, so NHS.UK frontend components
 * show their enhanced form without a flash. Loaded as a plain (blocking) script at the
 * top of <body>: the content security policy allows no inline script.
 */
document.body.className +=
  " js-enabled" +
  ("noModule" in HTMLScriptElement.prototype ? " nhsuk-frontend-supported" : "");
