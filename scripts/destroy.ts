/** `make destroy`: see scripts/deploy/destroy.ts. */
import { destroy } from './deploy/destroy.ts';
import { main } from './deploy/main.ts';

main('destroy', ({ settings, region, aws, io, pace }) => destroy(aws, { settings, region }, io, pace));
