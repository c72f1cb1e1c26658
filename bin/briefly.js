#!/usr/bin/env node
// The `briefly` command: runs the compiled CLI (npm run build creates dist/).
import { main } from '../dist/src/cli/main.js';

process.exitCode = await main(process.argv);
