import type { Role } from '@yixiang/contracts';
import type { ReactElement } from 'react';
import { Navigate, Route, Routes } from 'react-router';
import { Layout, NOTIFICATIONS_CHANGED } from './components/Layout';
import { ApprovalsPage } from './pages/Approvals';
import { AuditPage } from './pages/Audit';
import { BillingPage } from './pages/Billing';
import { BookingsPage } from './pages/Bookings';
import { CrossRegionStatisticsPage } from './pages/CrossRegionStatistics';
import { EvaluationPage } from './pages/Evaluation';
import { GroupsPage } from './pages/Groups';
import { ImportsPage } from './pages/Imports';
import { InstitutionsPage } from './pages/Institutions';
import { InstrumentPage } from './pages/Instrument';
import { LoginPage } from './pages/Login';
import { NationalReportingPage } from './pages/NationalReporting';
import { ManageInstrumentPage } from './pages/ManageInstrument';
import { ManageInstrumentsPage } from './pages/ManageInstruments';
import { NotificationsPage } from './pages/Notifications';
import { PoliciesPage } from './pages/Policies';
import { QualificationsPage } from './pages/Qualifications';
import { TrainingPage } from './pages/Training';
import { TerminalsPage } from './pages/Terminals';
import { SampleOrdersPage, SampleQueuePage } from './pages/SampleOrders';
import { SearchPage } from './pages/Search';
import { SettlementsPage } from './pages/Settlements';
import { SubsidyRunPage } from './pages/SubsidyRun';
import { EvaluationNoticePage } from './pages/EvaluationNotice';
import { SubsidyRunsPage } from './pages/SubsidyRuns';
import { UsagePage } from './pages/Usage';
import { UtilisationPage } from './pages/Utilisation';
import { VouchersPage } from './pages/Vouchers';
import { VoucherApplicationsPage, VoucherReviewPage } from './pages/VoucherApplications';
import { VoucherProgrammesPage } from './pages/VoucherProgrammes';
import { VoucherClaimsPage } from './pages/VoucherClaims';
import { VoucherLedgerPage } from './pages/VoucherLedger';
import { useSession } from './session';

const STAFF: Role[] = ['institution_admin', 'operator'];
const ADMIN: Role[] = ['institution_admin'];
const BUREAU: Role[] = ['bureau', 'auditor'];

/** Where each role lands after signing in. */
export function homeOf(role: Role): string {
  if (role === 'bureau' || role === 'auditor') return '/subsidy';
  if (role === 'institution_admin') return '/manage/instruments';
  return '/';
}

function Only({ roles, children }: { roles: Role[]; children: ReactElement }) {
  const { user } = useSession();
  if (!user) return <Navigate to="/login" replace />;
  return roles.includes(user.role) ? children : <Navigate to={homeOf(user.role)} replace />;
}

export function App() {
  const { user } = useSession();
  if (!user) {
    return (
      <Routes>
        <Route path="*" element={<LoginPage />} />
      </Routes>
    );
  }
  return (
    <Layout>
      <Routes>
        <Route path="/" element={<SearchPage />} />
        <Route path="/login" element={<Navigate to={homeOf(user.role)} replace />} />
        <Route path="/instruments/:id" element={<InstrumentPage />} />
        <Route path="/bookings" element={<BookingsPage />} />
        <Route path="/billing" element={<BillingPage />} />
        <Route path="/notifications" element={<NotificationsPage onChange={() => window.dispatchEvent(new Event(NOTIFICATIONS_CHANGED))} />} />
        <Route path="/sample-orders" element={<Only roles={['researcher', 'institution_admin', 'operator']}><SampleOrdersPage /></Only>} />
        <Route path="/sample-queue" element={<Only roles={STAFF}><SampleQueuePage /></Only>} />
        <Route path="/approvals" element={<Only roles={STAFF}><ApprovalsPage /></Only>} />
        <Route path="/usage" element={<Only roles={STAFF}><UsagePage /></Only>} />
        <Route path="/qualifications" element={<Only roles={STAFF}><QualificationsPage /></Only>} />
        <Route path="/groups" element={<Only roles={['researcher', 'institution_admin']}><GroupsPage /></Only>} />
        <Route path="/training" element={<Only roles={['researcher', ...STAFF]}><TrainingPage /></Only>} />
        <Route path="/terminals" element={<Only roles={STAFF}><TerminalsPage /></Only>} />
        <Route path="/manage/instruments" element={<Only roles={ADMIN}><ManageInstrumentsPage /></Only>} />
        <Route path="/manage/instruments/:id" element={<Only roles={ADMIN}><ManageInstrumentPage /></Only>} />
        <Route path="/utilisation" element={<Only roles={ADMIN}><UtilisationPage /></Only>} />
        <Route path="/evaluation" element={<Only roles={ADMIN}><EvaluationPage /></Only>} />
        <Route path="/institutions" element={<Only roles={BUREAU}><InstitutionsPage /></Only>} />
        <Route path="/vouchers" element={<Only roles={BUREAU}><VouchersPage /></Only>} />
        <Route path="/voucher-programmes" element={<Only roles={BUREAU}><VoucherProgrammesPage /></Only>} />
        <Route path="/voucher-review" element={<Only roles={BUREAU}><VoucherReviewPage /></Only>} />
        <Route path="/voucher-applications" element={<Only roles={['researcher', 'institution_admin']}><VoucherApplicationsPage /></Only>} />
        <Route path="/voucher-claims" element={<Only roles={[...BUREAU, ...STAFF]}><VoucherClaimsPage /></Only>} />
        <Route path="/voucher-ledger" element={<Only roles={BUREAU}><VoucherLedgerPage /></Only>} />
        <Route path="/imports" element={<Only roles={[...BUREAU, 'institution_admin']}><ImportsPage /></Only>} />
        <Route path="/settlements" element={<Only roles={BUREAU}><SettlementsPage /></Only>} />
        <Route path="/policies" element={<Only roles={BUREAU}><PoliciesPage /></Only>} />
        <Route path="/subsidy" element={<Only roles={BUREAU}><SubsidyRunsPage /></Only>} />
        <Route path="/subsidy/:id" element={<Only roles={BUREAU}><SubsidyRunPage /></Only>} />
        <Route path="/subsidy/:id/notice" element={<Only roles={BUREAU}><EvaluationNoticePage /></Only>} />
        <Route path="/statistics" element={<Only roles={BUREAU}><CrossRegionStatisticsPage /></Only>} />
        <Route path="/national-reporting" element={<Only roles={[...ADMIN, ...BUREAU]}><NationalReportingPage /></Only>} />
        <Route path="/audit" element={<Only roles={BUREAU}><AuditPage /></Only>} />
        <Route path="*" element={<Navigate to={homeOf(user.role)} replace />} />
      </Routes>
    </Layout>
  );
}
