// The entry point: the compiled program (npm run build). It lives here rather than as
// `main: ../../dist/...` because the engine runs a program in the directory of its `main`, and
// this one reads widgets.yaml from its project directory.
module.exports = require("../../dist/examples/many-widgets/index.js");
