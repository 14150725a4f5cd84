/** An error in words, announced at once (role="alert"); nothing when there is none. */
export function Alert({ message }: { message: string | undefined }) {
	return message ? (
		<p role="alert" class="alert">
			{message}
		</p>
	) : null;
}
