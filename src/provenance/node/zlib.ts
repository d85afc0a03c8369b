/** Node's zlib as the decoder of zlib streams inside binaries (installed by the Node surfaces: src/index.ts, src/inspect/file.ts). */
import { inflateSync } from 'node:zlib';
import { useZlib } from '../../bytes/zlib.js';

useZlib((data, maxOutput) => inflateSync(data, { maxOutputLength: maxOutput }));
