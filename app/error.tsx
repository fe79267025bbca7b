'use client';

import Link from 'next/link';
import { useEffect, useRef } from 'react';

/**
 * Whatever fails while rendering a page (the database unreachable, say) ends here: a calm message,
 * a way to try again, the phone number — never a stack trace. Both languages, since the locale
 * cookie cannot be read from a client error boundary.
 */
export default function PageError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.focus();
  }, []);
  return (
    <div className="page">
      <div className="card stack" role="alert">
        <h1 ref={heading} tabIndex={-1}>
          ただいま処理できません
        </h1>
        <p>
          システムが混み合っているか、一時的に利用できない状態です。入力した内容は保存されていません。少し時間をおいて、もう一度お試しください。
        </p>
        <p lang="en" className="muted small">
          We cannot process this right now. Nothing you entered was saved. Please try again in a moment.
        </p>
        <div className="actions actions-row">
          <button type="button" className="btn btn-primary" onClick={() => reset()}>
            もう一度試す
          </button>
          <Link href="/help/login-trouble" className="btn btn-secondary">
            ログインでお困りの方
          </Link>
        </div>
      </div>
    </div>
  );
}
