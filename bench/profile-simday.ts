// Not part of `npm run bench`: a quick driver for `node --cpu-prof --import tsx bench/profile-simday.ts`.
import { simulationSpeed } from './simulationDay';

const runs = Number(process.argv[2] ?? 1);
for (let i = 0; i < runs; i++) console.log(JSON.stringify(simulationSpeed()));
