'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import styles from '../../staff.module.css';

/** The console menu; the current page is marked with aria-current (kept right on client navigation). */
export function ConsoleNav({ label, links }: { label: string; links: { href: string; label: string }[] }) {
  const path = usePathname() ?? '/staff';
  const current = (href: string) =>
    href === '/staff' ? path === '/staff' : path === href || path.startsWith(`${href}/`);
  return (
    <nav aria-label={label}>
      <ul className={styles.barNav}>
        {links.map((l) => (
          <li key={l.href}>
            <Link href={l.href} prefetch={false} aria-current={current(l.href) ? 'page' : undefined}>
              {l.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
