import { useState } from 'react';

interface Props {
  readonly busy: boolean;
  readonly error: string | undefined;
  readonly onSignIn: (agentId: string, password: string) => void;
}

/** Agent id and password; the demo accounts are printed by `npm start`. */
export function SignIn({ busy, error, onSignIn }: Props) {
  const [agentId, setAgentId] = useState('');
  const [password, setPassword] = useState('');
  return (
    <main className="sign-in">
      <form
        className="card"
        onSubmit={(e) => {
          e.preventDefault();
          onSignIn(agentId.trim(), password);
        }}
      >
        <h1>Agent desk</h1>
        <label>
          Agent
          <input name="agentId" autoComplete="username" value={agentId} onChange={(e) => setAgentId(e.target.value)} placeholder="alice" required />
        </label>
        <label>
          Password
          <input name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
        </label>
        <button type="submit" className="primary" disabled={busy}>
          Sign in
        </button>
        {error !== undefined && (
          <p className="error" role="alert" data-testid="sign-in-error">
            {error}
          </p>
        )}
        <p className="muted">Demo accounts: alice, bob, carol; the password is the name followed by “-demo”.</p>
      </form>
    </main>
  );
}
