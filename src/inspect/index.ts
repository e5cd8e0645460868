// Machine descriptions for inspectors and drawing tools: plain JSON derived from the machine definitions.
export { activeStateIds, describeMachine, machineDescriptions } from './describeMachine';
export type { MachineDescription, StateDescription, TransitionDescription } from './describeMachine';
