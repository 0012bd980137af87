#!/usr/bin/env node
// Entry point of the built package (npm run build → dist/). In a checkout, `npm run <command>` runs the sources.
import '../dist/cli.js';
