import type { StaffMessages } from '@/lib/i18n/messages/staff';
import styles from '../../staff.module.css';

/** 「プレビュー」: on every preview page, above everything else. */
export function PreviewBanner({ t }: { t: StaffMessages['preview'] }) {
  return (
    <div className={styles.previewBanner} role="note" aria-label={t.banner} data-testid="preview-banner">
      <strong>{t.banner}</strong>
      <span>{t.bannerNote}</span>
    </div>
  );
}
