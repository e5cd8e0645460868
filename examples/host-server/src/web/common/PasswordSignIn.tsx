import { useState, type ReactNode } from 'react';

interface Props {
  readonly title: string;
  /** The account field: its label, form name (`user`, `agentId`) and an optional placeholder. */
  readonly account: { readonly label: string; readonly name: string; readonly placeholder?: string };
  /** While a sign-in is under way: the button waits. */
  readonly busy?: boolean;
  readonly error: string | undefined;
  /** A line under the title (who may sign in here). */
  readonly intro?: ReactNode;
  /** A line at the bottom (the demo accounts). */
  readonly footer?: ReactNode;
  /** The outer element: `main` for a page of its own, `div` inside one. */
  readonly container?: 'main' | 'div';
  readonly errorTestId?: string;
  /** The account (trimmed) and the password, on submit. */
  readonly onSubmit: (account: string, password: string) => void;
}

/** An account and password form: the desk's, the admin page's and the inspector's sign-in. */
export function PasswordSignIn({ title, account, busy, error, intro, footer, container: Container = 'main', errorTestId, onSubmit }: Props) {
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  return (
    <Container className="sign-in">
      <form
        className="card"
        onSubmit={(e) => {
          e.preventDefault();
          onSubmit(name.trim(), password);
        }}
      >
        <h1>{title}</h1>
        {intro !== undefined && <p className="muted">{intro}</p>}
        <label>
          {account.label}
          <input name={account.name} autoComplete="username" value={name} onChange={(e) => setName(e.target.value)} placeholder={account.placeholder} required />
        </label>
        <label>
          Password
          <input name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
        </label>
        <button type="submit" className="primary" disabled={busy}>
          Sign in
        </button>
        {error !== undefined && (
          <p className="error" role="alert" data-testid={errorTestId}>
            {error}
          </p>
        )}
        {footer !== undefined && <p className="muted">{footer}</p>}
      </form>
    </Container>
  );
}
