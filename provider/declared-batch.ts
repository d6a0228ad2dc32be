/**
 * Groups the `ActivatedMailing` resources a program constructs in one turn of the event loop (a mailings file, a
 * loop, a list of `new` calls), so each can carry its part of the read-ahead hint (see declared-hint.ts).
 */
import { declaredMailingHints } from "./declared-hint";

type Member = { mailingId: number | undefined; resolve: (hint: string) => void };

let forming: Member[] | undefined;

/**
 * Joins the batch being formed and resolves with this resource's hint once the synchronous code that constructs it ends. Only a plain number
 * counts as a known id: an Output or a promise is not resolved yet when the batch closes.
 */
export function joinDeclaredBatch(mailingId: unknown): Promise<string> {
  return new Promise((resolve) => {
    if (!forming) {
      forming = [];
      // A promise job runs once the program's synchronous constructors are done. Not a timer: the fake timers of a
      // user's unit tests (Jest, Sinon) replace setImmediate, and the resources would never register.
      void Promise.resolve().then(closeBatch);
    }
    forming.push({ mailingId: typeof mailingId === "number" ? mailingId : undefined, resolve });
  });
}

function closeBatch(): void {
  const members = forming ?? [];
  forming = undefined;
  const hints = declaredMailingHints(members.map((m) => m.mailingId));
  members.forEach((member, index) => member.resolve(hints[index] ?? ""));
}
