/**
 * What a capability tells the platform about itself: its name, the Postgres schema that holds
 * its tables, and the folder of its migrations. The composition root lists them in dependency order.
 */
export interface Capability {
  name: string;
  schema: string;
  /** Absolute path of the folder of `NNNN-name.sql` migrations. */
  migrationsDir: string;
  /** The capability's error catalogue (code → status, title, hint), listed at /api/problems. */
  errors?: Readonly<Record<string, { readonly status: number; readonly title: string; readonly hint: string }>>;
}
