#!/usr/bin/env node
// Launcher for the qpo CLI: registers tsx's CommonJS loader, then runs bin/qpo.ts.
require('tsx/cjs');
require('./qpo.ts').run();
