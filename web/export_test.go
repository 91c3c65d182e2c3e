package web

// Handler for the external tests (package web_test).
var TestHandler = handler
