import { advanceClock } from './advanceClock';
import { joinQueue, leaveQueue, login, logout, pause, resume } from './agentCommands';
import { answerOffer } from './answerOffer';
import { closeChat, setStatus } from './closeChat';
import { customerLeave, sendMessage } from './customer';
import { garbage } from './garbage';
import { pickChat } from './pickChat';
import { startChat } from './startChat';

/** Every command of the model, weighted towards the offer cycle. */
export const allCommands = [
  login, login, logout, pause, resume, resume, joinQueue, leaveQueue,
  startChat, startChat, startChat, answerOffer, answerOffer, answerOffer, pickChat, pickChat,
  setStatus, setStatus, closeChat, closeChat, customerLeave, sendMessage, advanceClock, advanceClock, advanceClock, garbage,
];
