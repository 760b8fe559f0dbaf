import { AccountPage } from '../account/AccountPage.tsx';
import { DpoWorkspace } from '../dpo/DpoWorkspace.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import type { MessageKey } from '../i18n/fr.ts';
import { PortalPage } from '../portal/PortalPage.tsx';
import { SecurityConsole } from '../security/SecurityConsole.tsx';
import { ActivationPage } from '../sign-in/ActivationPage.tsx';
import { SignInPage } from '../sign-in/SignInPage.tsx';
import { ChartPage } from '../staff/ChartPage.tsx';
import { MyPatients } from '../staff/MyPatients.tsx';
import { PatientSearch } from '../staff/PatientSearch.tsx';
import { StepUpDialog } from '../staff/StepUpDialog.tsx';
import { Notice } from '../ui/parts.tsx';
import { href, useRoute } from './route.ts';
import { useSession, useSessionState } from './session.tsx';

/** Each role's pages: what its work needs and what the API lets it do, nothing more. */
const PAGES: Record<string, Array<{ path: string; label: MessageKey }>> = {
  doctor: [
    { path: '', label: 'nav.myPatients' },
    { path: 'search', label: 'nav.search' },
  ],
  nurse: [
    { path: '', label: 'nav.myPatients' },
    { path: 'search', label: 'nav.search' },
  ],
  admissions: [
    { path: '', label: 'nav.myPatients' },
    { path: 'search', label: 'nav.search' },
  ],
  lab: [
    { path: '', label: 'nav.myPatients' },
    { path: 'search', label: 'nav.search' },
  ],
  security_officer: [{ path: '', label: 'nav.console' }],
  dpo: [{ path: '', label: 'nav.dpo' }],
  dim: [{ path: '', label: 'nav.dpo' }],
  patient: [{ path: '', label: 'nav.portal' }],
};

export function App() {
  const { session, ending } = useSessionState();
  const { t } = useI18n();
  return (
    <>
      <a className="skip" href="#main" onClick={skipToMain}>
        {t('app.skip')}
      </a>
      {session ? <SignedIn /> : ending === 'contained' ? <Contained /> : <SignedOut />}
    </>
  );
}

/** The skip link moves focus to the page's main region (the fragment is the router's, so not by an anchor). */
function skipToMain(event: React.MouseEvent) {
  event.preventDefault();
  const main = document.getElementById('main');
  main?.setAttribute('tabindex', '-1');
  main?.focus();
}

function Header({ children }: { children?: React.ReactNode }) {
  const { t, language, setLanguage } = useI18n();
  return (
    <header className="top">
      <span className="brand">
        {t('app.name')} <small>{t('app.tagline')}</small>
      </span>
      {children}
      <label className="language">
        {t('app.language')}{' '}
        <select value={language} onChange={(event) => setLanguage(event.target.value as 'fr' | 'en')}>
          <option value="fr">Français</option>
          <option value="en">English</option>
        </select>
      </label>
    </header>
  );
}

/** Signed out: the sign-in, or the activation of a new account (#/activate). */
function SignedOut() {
  const [page] = useRoute();
  return (
    <>
      <Header />
      {page === 'activate' ? <ActivationPage /> : <SignInPage />}
    </>
  );
}

function Contained() {
  const { t } = useI18n();
  return (
    <>
      <Header />
      <main id="main">
        <h1>{t('contained.title')}</h1>
        <Notice kind="error">{t('contained.text')}</Notice>
      </main>
    </>
  );
}

function SignedIn() {
  const { t } = useI18n();
  const { me, signOut } = useSession();
  const route = useRoute();
  const pages = PAGES[me.role] ?? [];
  return (
    <>
      <Header>
        <nav aria-label="Navigation">
          <ul>
            {pages.map((page) => (
              <li key={page.path}>
                <a href={href(page.path)} aria-current={(route[0] ?? '') === page.path ? 'page' : undefined}>
                  {t(page.label)}
                </a>
              </li>
            ))}
            <li>
              <a href={href('account')} aria-current={route[0] === 'account' ? 'page' : undefined}>
                {t('nav.account')}
              </a>
            </li>
          </ul>
        </nav>
        <span className="who">
          {me.username} · {t(`role.${me.role}` as MessageKey)}
        </span>
        <button className="secondary" onClick={() => void signOut()}>
          {t('app.signOut')}
        </button>
      </Header>
      <StepUpDialog />
      <Page route={route} role={me.role} />
    </>
  );
}

function Page({ route, role }: { route: string[]; role: string }) {
  const [first, second] = route;
  if (first === 'account') return <AccountPage />;
  if (role === 'security_officer') return <SecurityConsole />;
  if (role === 'dpo' || role === 'dim') return <DpoWorkspace />;
  if (role === 'patient') return <PortalPage />;
  if (first === 'patients' && second) return <ChartPage key={second} patientId={second} />;
  if (first === 'search') return <PatientSearch />;
  if (PAGES[role]) return <MyPatients />;
  return <AccountPage />;
}
