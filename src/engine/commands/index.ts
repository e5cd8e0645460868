import type { Command, CommandType } from '../../model/commands';
import type { DispatchResult } from '../../model/results';
import type { EngineContext } from '../ports';
import * as agentCommands from './agentCommands';
import * as chatCommands from './chatCommands';
import * as collaboration from './collaborationCommands';
import * as configCommands from './configCommands';
import * as messageCommands from './messageCommands';
import * as offerCommands from './offerCommands';
import * as presenceCommands from './presenceCommands';
import * as supervisorCommands from './supervisorCommands';

type Handler = (ctx: EngineContext, command: never) => DispatchResult;

/**
 * Every command's handler. A handler checks what it needs (refusing with a precise reason, before any change), then
 * makes its change in one transaction through the write port.
 */
const handlers: Record<CommandType, Handler> = {
  'agent.login': agentCommands.login,
  'agent.logout': agentCommands.logout,
  'agent.joinQueue': agentCommands.joinQueue,
  'agent.leaveQueue': agentCommands.leaveQueue,
  'agent.pause': agentCommands.pause,
  'agent.resume': agentCommands.resume,
  'chat.start': chatCommands.start,
  'offer.accept': offerCommands.accept,
  'offer.reject': offerCommands.reject,
  'chat.pick': offerCommands.pick,
  'chat.setStatus': chatCommands.setStatus,
  'chat.close': chatCommands.close,
  'customer.leave': chatCommands.customerLeave,
  'message.send': messageCommands.sendMessage,
  'chat.read': chatCommands.read,
  'chat.invite': collaboration.invite,
  'chat.cancelInvite': collaboration.cancelInvite,
  'chat.transfer': collaboration.transfer,
  'chat.markImportant': chatCommands.markImportant,
  'chat.requestAssistance': collaboration.requestAssistance,
  'assistance.resolve': collaboration.resolveAssistance,
  'queue.upsert': configCommands.upsertQueue,
  'queue.remove': configCommands.removeQueue,
  'agent.upsert': configCommands.upsertAgent,
  'agent.remove': configCommands.removeAgent,
  'agent.wrapUpDone': agentCommands.wrapUpDone,
  'agent.disconnected': presenceCommands.agentDisconnectedCommand,
  'agent.connected': presenceCommands.agentConnectedCommand,
  'customer.disconnected': presenceCommands.customerDisconnectedCommand,
  'customer.connected': presenceCommands.customerConnectedCommand,
  'supervisor.pauseAgent': supervisorCommands.pauseAgent,
  'supervisor.resumeAgent': supervisorCommands.resumeAgent,
  'supervisor.logoutAgent': supervisorCommands.logoutAgent,
  'supervisor.transferChat': supervisorCommands.transferChat,
  'supervisor.requeueChat': supervisorCommands.requeueChat,
  'chat.setPriority': supervisorCommands.setPriority,
  'supervisor.joinChat': supervisorCommands.joinChat,
  'supervisor.leaveChat': supervisorCommands.leaveChat,
};

/** Runs a well-formed command against the engine (live, or replaying its journal). */
export const runCommand = (ctx: EngineContext, command: Command): DispatchResult =>
  (handlers[command.type] as (ctx: EngineContext, command: Command) => DispatchResult)(ctx, command);
