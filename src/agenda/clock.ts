/** "Now", passed in: the service uses the wall clock, tests drive time without sleeping. */
export type Clock = () => Date;

/** The wall clock. */
export const systemClock: Clock = () => new Date();
