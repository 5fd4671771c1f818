// Decap starts itself as soon as it loads unless told otherwise: editor.js starts it, with the
// configuration made from the schemas.
window.CMS_MANUAL_INIT = true;
