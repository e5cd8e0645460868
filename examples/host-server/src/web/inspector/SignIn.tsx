import { useState, type FormEvent } from 'react';

/** User and password of a supervisor (or the admin). */
export function SignIn({ error, onSubmit }: { error: string | undefined; onSubmit: (user: string, password: string) => void }) {
  const [user, setUser] = useState('');
  const [password, setPassword] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSubmit(user.trim(), password);
  };
  return (
    <div className="sign-in">
      <form className="card" onSubmit={submit}>
        <h1>Statechart inspector</h1>
        <p className="muted">For supervisors and the admin.</p>
        <label>
          User
          <input name="user" autoComplete="username" value={user} onChange={(e) => setUser(e.target.value)} required />
        </label>
        <label>
          Password
          <input name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
        </label>
        <button className="primary" type="submit">
          Sign in
        </button>
        {error !== undefined && <p className="error" role="alert">{error}</p>}
      </form>
    </div>
  );
}
