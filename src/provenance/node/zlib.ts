/** Node's zlib as the `rust` field's decoder (installed by the Node surfaces: src/index.ts, src/scan/inspect.ts). */
import { inflateSync } from 'node:zlib';
import { useZlib } from '../rust.js';

useZlib((data, maxOutput) => inflateSync(data, { maxOutputLength: maxOutput }));
