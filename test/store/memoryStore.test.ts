import { createMemoryStore } from '../../src/store/createMemoryStore';
import { storeContract } from './contract';

// One memory store is its own storage: "reopening" it hands the same object back, as a crashed engine's successor
// would get it.
storeContract('createMemoryStore', () => {
  const store = createMemoryStore();
  return () => store;
});
