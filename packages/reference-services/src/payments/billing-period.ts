/** One calendar month after `ms` (a period from the 31st ends on the next month's last day, as billing does). */
export function addMonth(ms: number): number {
	const date = new Date(ms);
	const day = date.getUTCDate();
	date.setUTCDate(1);
	date.setUTCMonth(date.getUTCMonth() + 1);
	const last = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).getUTCDate();
	date.setUTCDate(Math.min(day, last));
	return date.getTime();
}
