import type { ErrorCode } from '@madoguchi/protocol/errors';
import type { FactName } from '@madoguchi/protocol/http/services';
import type { ProgressStep } from '@madoguchi/protocol/messages/progress';

export interface ErrorText {
  /** What happened, in one plain sentence. */
  sentence: string;
  /** What the viewer can do now. */
  next: string;
}

/** Every protocol error code as the viewer hears it: one plain sentence and one next step (no codes, no jargon). */
export const ERROR_TEXT: Record<ErrorCode, ErrorText> = {
  READER_MISSING: {
    sentence: 'カードを読む機械が見つかりません。',
    next: '機械のケーブルがテレビの箱につながっているか、確かめてください。',
  },
  CARD_ABSENT: {
    sentence: 'カードが置かれていません。',
    next: 'マイナンバーカードを読む機械に置いてください。',
  },
  CARD_REMOVED: {
    sentence: '途中でカードが外れました。',
    next: 'カードを置き直して、もう一度はじめからお願いします。',
  },
  CARD_UNREADABLE: {
    sentence: 'カードがうまく読めませんでした。',
    next: 'カードを一度外して、まっすぐ置き直してください。',
  },
  CARD_NOT_JPKI: {
    sentence: 'マイナンバーカードではないカードのようです。',
    next: 'マイナンバーカードを置いてください。',
  },
  CARD_FILE_NOT_FOUND: {
    sentence: 'カードの中に必要な情報が見つかりませんでした。',
    next: '市役所の窓口でカードを確かめてもらってください。',
  },
  CARD_ACCESS_DENIED: {
    sentence: 'カードが読み取りを受け付けませんでした。',
    next: 'カードを置き直して、もう一度お願いします。',
  },
  CARD_BAD_RESPONSE: {
    sentence: 'カードからの返事がおかしいようです。',
    next: 'カードを置き直して、もう一度お願いします。',
  },
  CARD_NO_SIGN_CERT: {
    sentence: 'このカードには署名用の証明書が入っていません。',
    next: '市役所の窓口で証明書を入れてもらってください。',
  },
  PIN_FORMAT: {
    sentence: '暗証番号の形が違います。',
    next: '決められた数の文字で、もう一度入れてください。',
  },
  PIN_WRONG: { sentence: '暗証番号が違います。', next: 'ゆっくり、もう一度入れてください。' },
  PIN_LAST_TRY_CONFIRM_REQUIRED: {
    sentence: '次が最後の一回です。',
    next: '自信がないときは、やめて市役所で確かめてください。',
  },
  PIN_BLOCKED: {
    sentence: '暗証番号を何度も間違えたため、カードが使えなくなりました。',
    next: 'カードと本人確認の書類を持って、市役所の窓口で暗証番号を設定し直してください。',
  },
  CERT_MALFORMED: {
    sentence: 'カードの証明書が読めませんでした。',
    next: '市役所の窓口でカードを確かめてもらってください。',
  },
  CERT_UNTRUSTED: {
    sentence: 'カードの証明書を確かめられませんでした。',
    next: '市役所の窓口でカードを確かめてもらってください。',
  },
  CERT_NOT_YET_VALID: {
    sentence: 'カードの証明書がまだ使えない期間です。',
    next: '使える日になってから、もう一度お願いします。',
  },
  CERT_EXPIRED: {
    sentence: 'カードの証明書の期限が切れています。',
    next: '市役所の窓口で証明書を更新してください。',
  },
  CERT_KEY_USAGE: {
    sentence: 'この証明書はこの手続きに使えません。',
    next: '市役所の窓口でカードを確かめてもらってください。',
  },
  CERT_POLICY: {
    sentence: 'この証明書はこの手続きに使えません。',
    next: '市役所の窓口でカードを確かめてもらってください。',
  },
  CERT_REVOKED: {
    sentence: 'カードの証明書は取り消されています。',
    next: '市役所の窓口で証明書を発行し直してください。',
  },
  CRL_INVALID: {
    sentence: 'カードの確認に必要な情報が届いていません。',
    next: 'しばらく待ってから、もう一度お願いします。',
  },
  CRL_STALE: {
    sentence: 'カードの確認に必要な情報が古くなっています。',
    next: 'しばらく待ってから、もう一度お願いします。',
  },
  SIGNATURE_INVALID: {
    sentence: 'カードでの確認がうまくいきませんでした。',
    next: 'もう一度はじめからお願いします。',
  },
  CHALLENGE_UNKNOWN: {
    sentence: '手続きの受付が見つかりませんでした。',
    next: 'もう一度はじめからお願いします。',
  },
  CHALLENGE_EXPIRED: {
    sentence: '時間がたったため、受付が終わりました。',
    next: 'もう一度はじめからお願いします。',
  },
  CHALLENGE_USED: {
    sentence: 'この受付はもう使われています。',
    next: 'もう一度はじめからお願いします。',
  },
  CHALLENGE_MISMATCH: {
    sentence: '受付の内容が合いませんでした。',
    next: 'もう一度はじめからお願いします。',
  },
  DEVICE_UNKNOWN: {
    sentence: 'このテレビの箱はまだ登録されていません。',
    next: 'ケーブルテレビ会社に電話で相談してください。',
  },
  DEVICE_REVOKED: {
    sentence: 'このテレビの箱は使えなくなっています。',
    next: 'ケーブルテレビ会社に電話で相談してください。',
  },
  HOLDER_SUSPENDED: {
    sentence: 'このカードは一時停止されています。',
    next: 'カードをなくした届けを取り消すには、市役所の窓口へ行ってください。',
  },
  SERVICE_UNKNOWN: {
    sentence: 'このサービスは今使えません。',
    next: 'ホームに戻って、ほかのサービスを選んでください。',
  },
  ASSURANCE_INSUFFICIENT: {
    sentence: 'この手続きには、もう一つの暗証番号が必要です。',
    next: 'もう一度はじめから、案内にしたがってください。',
  },
  OPERATOR_UNAUTHORIZED: {
    sentence: 'この操作は受け付けられませんでした。',
    next: 'ホームに戻ってください。',
  },
  LINK_REQUIRED: {
    sentence: 'このサービスとカードは、まだつながっていません。',
    next: 'はじめて使うときの案内にしたがって、つなげてください。',
  },
  FACTS_NOT_ALLOWED: {
    sentence: 'このサービスには、その情報を渡せません。',
    next: 'ホームに戻ってください。',
  },
  FRESH_LOGIN_REQUIRED: {
    sentence: 'この手続きには、もう一度暗証番号が必要です。',
    next: 'もう一度はじめからお願いします。',
  },
  TOKEN_INVALID: {
    sentence: 'ログインの期限が切れました。',
    next: 'もう一度はじめからお願いします。',
  },
  SERVICE_UNAUTHORIZED: {
    sentence: 'このサービスは今使えません。',
    next: 'ホームに戻って、ほかのサービスを選んでください。',
  },
  CARD_ABOLISHED: {
    sentence: 'このカードは廃止されています。',
    next: '新しいカードを受け取ってから使ってください。',
  },
  SERVER_UNREACHABLE: {
    sentence: '市のサービスにつながりません。暗証番号は使っていません。',
    next: 'しばらく待ってから、もう一度お願いします。',
  },
  BAD_MESSAGE: {
    sentence: 'うまく受け付けられませんでした。',
    next: 'もう一度はじめからお願いします。',
  },
  NOT_FOUND: { sentence: '探しているものが見つかりませんでした。', next: 'ホームに戻ってください。' },
  NOT_ELIGIBLE: {
    sentence: 'このサービスを受けられる条件に、あてはまりませんでした。',
    next: 'くわしくは市役所の窓口でおたずねください。',
  },
  BUSY: {
    sentence: 'いま、ほかの手続きをしています。',
    next: '少し待ってから、もう一度お願いします。',
  },
  CANCELLED: { sentence: '手続きをやめました。', next: 'カードはそのまま使えます。' },
  CONFIG_INVALID: {
    sentence: 'テレビの箱の設定に問題があります。',
    next: 'ケーブルテレビ会社に電話で相談してください。',
  },
  INTERNAL: {
    sentence: 'うまくいきませんでした。',
    next: 'しばらく待ってから、もう一度お願いします。',
  },
};

/** What each progress step says while the viewer waits: what is happening, never a frozen screen. */
export const PROGRESS_TEXT: Record<ProgressStep, string> = {
  challenge: '市のサービスに受付をしています。',
  reading: 'カードを読んでいます。カードはそのまま置いておいてください。',
  'pin-check': '暗証番号を確かめています。',
  signing: 'カードで署名しています。',
  sending: '市のサービスに送っています。',
  done: '終わりました。',
};

/** The basic four facts as the consent screen names them, in the card's own order. */
export const FACT_LABELS: Record<FactName, string> = {
  name: '氏名',
  address: '住所',
  dateOfBirth: '生年月日',
  sex: '性別',
};

/** Every other sentence the app shows or says. Kept here so the font subset and the wording are checked in one place. */
export const JA = {
  home: {
    heading: 'どれを使いますか',
    hint: '矢印で選んで、決定を押してください。色のボタンでもすぐ選べます。',
  },
  services: {
    disaster: '防災　無事を知らせる',
    city: '行政　市役所の手続き',
    hospital: '病院　受付',
    transport: '交通　バスのパス',
    myCard: 'わたしのカード',
    settings: '設定',
  },
  colorKey: { Red: '赤のボタン', Green: '緑のボタン', Yellow: '黄色のボタン', Blue: '青のボタン' },
  connection: {
    connecting: '読み取り機につないでいます。',
    down: '読み取り機につながっていません。つなぎ直しています。',
  },
  card: {
    heading: 'カードを置いてください',
    absent: 'マイナンバーカードを、読む機械の上に置いてください。',
    readerMissingNext: '機械がつながると、自動で進みます。',
    waitingNext: 'カードを置くと、自動で進みます。',
  },
  pin: {
    authHeading: '暗証番号を入れてください',
    authHint: '数字4けたです。リモコンの数字ボタンで入れてください。',
    signHeading: '署名用の暗証番号を入れてください',
    signHint: '英字と数字で6文字から16文字です。下の文字盤で選んで、決定を押してください。',
    // A link with facts from the card asks this PIN too: the heading says what it is for, so two 4-digit PIN screens
    // in a row do not look like a repeated question.
    cardInfoHeading: '名前や住所を読むための暗証番号を入れてください',
    cardInfoHint: '「券面事項入力補助用」の数字4けたです。リモコンの数字ボタンで入れてください。',
    triesLeft: (n: number) => `あと${n}回まちがえると、カードが使えなくなります。`,
    entered: (n: number) => `${n}文字入りました。`,
    cleared: '一文字消しました。',
    backHint: '戻るボタンで一文字消します。何もないときは前の画面に戻ります。',
  },
  lastTry: {
    heading: '次が最後の一回です',
    body: 'ここで間違えると、カードの暗証番号が使えなくなり、市役所で設定し直すことになります。',
    proceed: '落ち着いて入れる',
    stop: 'やめてホームに戻る',
  },
  blocked: { heading: 'カードが使えなくなりました' },
  progress: { heading: 'お待ちください' },
  notice: {
    heading: 'うまくいきませんでした',
    home: 'ホームに戻る',
    leave: 'やめて戻る',
    serviceFailed: 'サービスから返事がありませんでした。',
    serviceFailedNext: 'しばらく待ってから、もう一度お願いします。',
    triesLeft: (n: number) => `暗証番号は、あと${n}回まで試せます。`,
  },
  keyboard: { delete: '一文字消す', done: '決定' },
  settings: {
    heading: '設定',
    textSize: (label: string) => `文字の大きさ：${label}`,
    textSizes: ['ふつう', '大きい', 'とても大きい'],
    voice: (on: boolean) => `読み上げ：${on ? 'する' : 'しない'}`,
    voiceRate: (label: string) => `読み上げの速さ：${label}`,
    voiceRates: ['ゆっくり', 'ふつう', '速い'],
  },
  safety: {
    heading: 'いま、どうしていますか',
    safe: '無事です',
    help: '助けが必要です',
    whereHeading: 'いま、どこにいますか',
    home: '自宅',
    sent: '市に知らせました',
    sentBody: (where: string, status: string) => `「${status}」と「${where}」を、市の防災係に送りました。`,
  },
  hospital: {
    queued: '受付しました',
    queueNumber: (n: number) => `あなたの番号は ${n} 番です。`,
    linked: (patientNumber: string) => `カードを診察券 ${patientNumber} とつなぎました。`,
    next: '番号が呼ばれたら、窓口へお越しください。',
  },
  transport: {
    heading: '敬老バスパス',
    valid: (until: string) => `${until} まで使えます。`,
    next: 'バスに乗るとき、この画面を運転手に見せてください。',
    noPass: 'バスパスはまだありません',
    issueWhat: '70歳以上の方に、1年間使えるバスパスを発行します。',
    issueNeeds: '発行するには、生年月日をバス会社に渡すことへの同意が必要です。',
    issue: 'バスパスを発行する',
  },
  city: {
    scopeHeading: 'だれの住民票がいりますか',
    scopes: { self: '本人のみ', household: '世帯全員' },
    copiesHeading: '何通いりますか',
    copies: (n: number) => `${n}通`,
    purposeHeading: '何に使いますか',
    purposes: ['年金の手続き', '銀行や保険の手続き', 'その他の手続き'],
    summaryHeading: 'この内容に署名します',
    summaryKind: '申請するもの：住民票の写し',
    summaryScope: (scope: string) => `だれの分：${scope}`,
    summaryCopies: (copies: string) => `通数：${copies}`,
    summaryPurpose: (purpose: string) => `使いみち：${purpose}`,
    signNote: 'カードの署名用の暗証番号で署名して、市役所に送ります。',
    sign: '署名して申請する',
    stop: 'やめてホームに戻る',
    done: '申請しました',
    receipt: (id: string) => `受付番号：${id}`,
    doneNext: '市役所から郵便で届きます。',
  },
  consent: {
    heading: '情報を渡してよいですか',
    linkHeading: (service: string) => `${service}を使いはじめますか`,
    to: (service: string) => `渡す相手：${service}`,
    facts: (facts: string[]) => `渡す情報：${facts.join('・')}`,
    noFacts: '渡す情報：ありません。氏名・住所・生年月日・性別は渡しません。',
    source: {
      'card-info': 'カードから読みます。数字4けたの暗証番号を使います。',
      'sign-cert': 'カードの署名用の証明書から読みます。署名用の暗証番号を使います。',
    },
    nothingElse: 'ほかの情報は渡しません。同意しないときは、何も渡しません。',
    agree: '同意する',
    decline: '同意しない',
    declinedHeading: '何も渡していません',
    declined: (service: string) => `${service}には、何も送っていません。`,
    declinedNext: '使うときは、もう一度ホームから選んでください。',
  },
  myCard: {
    heading: 'わたしのカード',
    triesAuth: (n: number) => `暗証番号（数字4けた）：あと${n}回`,
    triesSign: (n: number) => `署名用の暗証番号：あと${n}回`,
    validity: (from: string, to: string) => `証明書の期限：${from} から ${to} まで`,
    links: 'つながっているサービスを見る',
    linksHint: '数字4けたの暗証番号を使います',
  },
  links: {
    heading: 'つながっているサービス',
    count: (n: number) => `${n}つのサービスとつながっています。選ぶと外せます。`,
    dates: (linked: string, used: string) => `つないだ日 ${linked}　最後に使った日 ${used}`,
    relink: 'つなぎ直しが必要です',
    noneHeading: 'つながっているサービスはありません',
    none: 'このカードは、いまどのサービスともつながっていません。',
    noneNext: 'ホームでサービスを選んで使いはじめると、ここに出ます。',
    removeHeading: (service: string) => `${service}とのつながりを外しますか`,
    removeMeans: (service: string) => [
      `外すと、${service}は、このカードであなたを確かめられなくなり、すぐに使えなくなります。`,
      `これまで${service}に渡した情報は、${service}に残ります。`,
      'また使うときは、もう一度同意して、つなぎ直します。',
      'カードと、ほかのサービスは、そのまま使えます。',
    ],
    keep: '外さないで戻る',
    remove: '外す',
    removed: (service: string) => `${service}とのつながりを外しました。`,
  },
  /** A date (YYYY-MM-DD) or an instant (RFC 3339) as the day in Japan: 2029年4月1日. */
  date: (iso: string) => {
    // Japan has one offset (UTC+9) and no daylight saving, so no time zone data is needed.
    const day = iso.length > 10 ? new Date(Date.parse(iso) + 9 * 3600e3).toISOString() : iso;
    const [y, m, d] = day.slice(0, 10).split('-');
    return `${y}年${Number(m)}月${Number(d)}日`;
  },
  back: '戻る',
  repeatHint: '「i」ボタンで、もう一度読み上げます。',
} as const;

/** Joins sentences for speech and display, adding 。 only where a part does not already end a sentence. */
export function sentences(...parts: (string | undefined)[]): string {
  return parts
    .filter((p): p is string => Boolean(p))
    .map((p) => (/[。！？]$/.test(p) ? p : `${p}。`))
    .join('');
}
