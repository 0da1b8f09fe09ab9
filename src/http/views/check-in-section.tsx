/** The opening of a good 1:1: the person before the work. Static guidance, nothing to fill in. */
export function CheckInSection() {
  return (
    <section id="check-in" aria-labelledby="check-in-title">
      <h2 id="check-in-title">Check-in</h2>
      <p class="guide">How are you doing? Anything on your mind before we start?</p>
    </section>
  );
}
