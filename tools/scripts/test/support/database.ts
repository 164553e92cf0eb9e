import sqlite3 from 'sqlite3';

export interface SessionRow {
  name: string;
  project: string;
  lastType: string;
  state: string;
}

/** Live sessions as the database holds them, read with plain SQL (not the code under test). */
export function liveSessions(path: string): Promise<SessionRow[]> {
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(path, sqlite3.OPEN_READONLY, (error) => {
      if (error) reject(error);
    });
    db.all(
      `SELECT server_id || ':' || seq AS name, project, last_type AS lastType, state
         FROM sessions WHERE expires_at > ? ORDER BY server_id, seq`,
      [Date.now()],
      (error, rows: SessionRow[]) => {
        db.close();
        if (error) reject(error);
        else resolve(rows);
      },
    );
  });
}
