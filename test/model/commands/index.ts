import { advanceClock } from './advanceClock';
import { joinQueue, leaveQueue, login, logout, pause, resume } from './agentCommands';
import { answerInvitation, answerOffer } from './answerOffer';
import { closeChat, finishChat, setStatus } from './closeChat';
import { cancelInvite, invite, transfer, widget } from './collaboration';
import { customerLeave, sendMessage } from './customer';
import { garbage } from './garbage';
import { agentContext, holdChat, resumeChat } from './hold';
import { pickChat } from './pickChat';
import { agentPresence, customerPresence } from './presence';
import { setPriority, supervisorAgent, supervisorJoin, supervisorMove } from './supervisor';
import { startChat } from './startChat';

/** Every command of the model, weighted towards the offer cycle, invitations and transfers. */
export const allCommands = [
  login, logout, pause, resume, resume, joinQueue, leaveQueue,
  startChat, startChat, startChat, answerOffer, answerOffer, answerOffer, answerOffer, pickChat, pickChat,
  setStatus, setStatus, closeChat, closeChat, customerLeave, sendMessage, advanceClock, advanceClock, advanceClock, garbage,
  invite, invite, answerInvitation, answerInvitation, cancelInvite, transfer, transfer, widget, finishChat, finishChat, finishChat,
  // Issue 9: presence and supervisor control.
  agentPresence, agentPresence, customerPresence, supervisorAgent, supervisorMove, setPriority, supervisorJoin,
  // Issue 21: holds and the agent-only context.
  holdChat, resumeChat, agentContext,
];
