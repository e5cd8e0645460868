import type { Command } from '../../model/commands';
import type { DispatchResult } from '../../model/results';
import type { EngineContext } from '../ports';
import { agentHandlers } from './agentCommands';
import { chatHandlers } from './chatCommands';
import { collaborationHandlers } from './collaborationCommands';
import { configHandlers } from './configCommands';
import { contactHandlers } from './contactCommands';
import { contextHandlers } from './contextCommands';
import { holdHandlers } from './holdCommands';
import { messageHandlers } from './messageCommands';
import { offerHandlers } from './offerCommands';
import { presenceHandlers } from './presenceCommands';
import { supervisorHandlers } from './supervisorCommands';
import type { Handlers } from './handlers';

/**
 * Every command's handler, merged from the handler files (the type checker insists on one per command type). A
 * handler checks what it needs (refusing with a precise reason, before any change), then makes its change in one
 * transaction through the write port.
 */
const handlers = {
  ...agentHandlers,
  ...chatHandlers,
  ...collaborationHandlers,
  ...configHandlers,
  ...contactHandlers,
  ...contextHandlers,
  ...holdHandlers,
  ...messageHandlers,
  ...offerHandlers,
  ...presenceHandlers,
  ...supervisorHandlers,
} satisfies Handlers;

/** Runs a well-formed command against the engine (live, or replaying its journal). */
export const runCommand = (ctx: EngineContext, command: Command): DispatchResult =>
  (handlers[command.type] as (ctx: EngineContext, command: Command) => DispatchResult)(ctx, command);
