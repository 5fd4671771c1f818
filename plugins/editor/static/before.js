// Decap starts itself as soon as it loads unless told otherwise: editor.js starts it, with the
// configuration made from the schemas.
window.CMS_MANUAL_INIT = true;
// The page text opens as Markdown, as it is in the file: Decap's rich-text mode writes the whole
// text anew when it is edited there (lists, emphasis and line breaks in its own style), which
// would change lines the officer did not touch. An officer may still switch to it.
if (window.localStorage.getItem("cms.md-mode") === null) window.localStorage.setItem("cms.md-mode", "raw");
