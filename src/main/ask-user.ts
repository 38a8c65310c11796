// Questions the main process asks the user itself, in a native dialog the renderer cannot draw,
// dismiss or answer: opening a link that is not one of the app's own, connecting to another
// backend, discarding a saved sign-in. The safe answer is the default and what Escape gives.
import type { BaseWindow, Dialog, MessageBoxOptions } from 'electron'

export interface Question {
  title: string
  message: string
  detail: string
  /** The button that says yes; the other one is "Cancel". */
  confirm: string
}

export type AskUser = (question: Question) => Promise<boolean>

export function createAskUser(
  dialog: Pick<Dialog, 'showMessageBox'>,
  parent: () => BaseWindow | undefined,
): AskUser {
  return async ({ title, message, detail, confirm }) => {
    const options: MessageBoxOptions = {
      type: 'question',
      title,
      message,
      detail,
      buttons: ['Cancel', confirm],
      defaultId: 0,
      cancelId: 0,
      noLink: true,
    }
    const window = parent()
    const { response } = await (window === undefined
      ? dialog.showMessageBox(options)
      : dialog.showMessageBox(window, options))
    return response === 1
  }
}

/**
 * One question at a time: a page that opens links in a loop gets one dialog, and the calls
 * made while it is open are answered no without asking.
 */
export function oneQuestionAtATime(ask: AskUser, log: { warn(message: string): void }): AskUser {
  let open = false
  return async (question) => {
    if (open) {
      log.warn(`Not asking "${question.message}": another question is open`)
      return false
    }
    open = true
    try {
      return await ask(question)
    } finally {
      open = false
    }
  }
}
