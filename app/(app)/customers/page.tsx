import { redirect } from 'next/navigation';

/** The customer list lives on the dashboard. */
export default function CustomersPage() {
  redirect('/');
}
