// The SDK a bench page runs, from its ?sdk= (bench/side.mjs): ref the
// reference bundle, base a saved build of ours in dist/ab/base/, anything
// else this SDK's dist/. Starts the benchmark scenario with it.
import { start } from './scenario.js';

const which = new URLSearchParams(location.search).get('sdk');
const url = which === 'ref' ? '/bench/.ref/ref.js' : which === 'base' ? '/dist/ab/base/index.js' : '/dist/index.js';
const api = await import(url);
start(api.default, api);
