/**
 * The hub's limits, in one place (docs/SYNC.md, "Putting the hub on a network",
 * explains each choice). Times are the hub's own clock: the hub never trusts a
 * client's clock.
 */
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

export const POLICY = {
  // ---- sessions ----
  /** A session unused for this long is over (a desktop syncs every few seconds while it runs). */
  sessionIdleMs: 14 * DAY,
  /** No session lives longer than this, used or not: the person signs in again. */
  sessionAbsoluteMs: 90 * DAY,
  /** At most this many live sessions per person; a new sign-in drops the least recently used. */
  sessionsPerPerson: 10,
  /** `last_used_at` is written at most this often per session (not on every push). */
  sessionTouchMs: MINUTE,

  // ---- sign-in throttling (counters in PostgreSQL: shared by every hub process) ----
  /** Wrong passwords for one login before it is locked. */
  accountFreeFailures: 5,
  /** Wrong passwords from one address before it is locked (higher: a newsroom shares one NAT address). */
  addressFreeFailures: 30,
  /** The first lockout; each further failure doubles it … */
  lockBaseMs: 15_000,
  /** … up to this. */
  lockMaxMs: 15 * MINUTE,
  /** Failures older than this are forgotten. */
  failureMemoryMs: DAY,
  /** Password hashes computed at once per process (each scrypt takes 128 MiB). */
  hashConcurrency: 2,

  // ---- pushes ----
  /** Argument bytes one push may apply; the rest waits for the client's next push. */
  pushArgBytes: 4 * 1024 * 1024,
  /**
   * Mutations the hub applies in one PostgreSQL transaction (group commit): while one batch is
   * written, the next one gathers. Bounded so one commit stays short and a refusal's retry small.
   */
  batchMutations: 64,
  /** One mutation's arguments larger than this are refused (no command takes that much). */
  mutationArgBytes: 1024 * 1024,
  /** Mutations one person may have applied or refused per minute (across all their desktops). */
  mutationsPerMinute: 600,
  /** A refused mutation's arguments are kept only up to this many bytes. */
  rejectedArgsKeep: 4096,

  // ---- PostgreSQL connections (per hub process) ----
  /**
   * Connections for sign-ins, pulls and the session checks. A request spends most of its time
   * waiting on round trips, not CPU: with 10, 150 desktops pulling every 5 s on a busy machine
   * queued for seconds (docs/PERFORMANCE.md, "Hub at center scale"). PostgreSQL's default
   * max_connections (100) leaves room for two hub processes and the admin's tools.
   */
  pgPoolSize: 32,

  // ---- the hub's clock ----
  /** A mutation made longer ago than this is refused: 30 days covers a desktop offline at a venue for weeks. */
  mutationPastMs: 30 * DAY,
  /** A mutation stamped later than this ahead of the hub clock is refused (clock skew allowance). */
  mutationFutureMs: 10 * MINUTE,
} as const;

/** Password hashing: scrypt with OWASP's current minimum (N=2^17, r=8, p=1); the parameters are stored with each hash. */
export const SCRYPT = { N: 2 ** 17, r: 8, p: 1, keyLen: 32, saltLen: 16 } as const;
