import type { CommandOf, CommandType } from '../../model/commands';
import type { DispatchResult } from '../../model/results';
import type { EngineContext } from '../ports';

/** One handler per command type, each taking its own command. Each handler file exports its part of this table. */
export type Handlers = { readonly [K in CommandType]: (ctx: EngineContext, command: CommandOf<K>) => DispatchResult<K> };
