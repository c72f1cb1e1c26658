/**
 * Attribution shapes, one row each, on sentences written for this test.
 * Each row names the words of the content, the speaker mention as written,
 * the kind and the number of fragments expected.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runPipeline, selectStages } from '../../pipeline.js';
import type { Quote } from '../../brief/schema.js';
import { datelineEnd } from '../../text/dateline.js';

const STAGES = ['paragraphs', 'sentences', 'tokens', 'syntax', 'headings', 'quotations', 'entities', 'quotes'];

function quotesOf(text: string): Quote[] {
  return runPipeline({ text, referenceDate: null, extras: [], layers: {} }, selectStages(STAGES)).layers.quotes!;
}

interface Row {
  name: string;
  text: string;
  contains: string;
  mention: string | null;
  kind: Quote['kind'];
  fragments?: number;
  speakerName?: string;
}

const INTRO = 'Lena Ortiz, the mayor of Riverton, and Tomas Hale, a senior engineer at the Harbor Authority, met on Monday.\n\n';

const ROWS: Row[] = [
  { name: 'tail, subject first', text: `${INTRO}“The bridge will open in May,” Ortiz said.`, contains: 'bridge will open', mention: 'Ortiz', kind: 'direct', speakerName: 'Lena Ortiz' },
  { name: 'tail, inverted', text: `${INTRO}“The bridge will open in May,” said Tomas Hale, the authority's engineer.`, contains: 'bridge will open', mention: 'Tomas Hale', kind: 'direct' },
  { name: 'lead with a colon', text: `${INTRO}Ortiz told reporters: “We have the money.”`, contains: 'We have the money', mention: 'Ortiz', kind: 'direct' },
  { name: 'split by its attribution', text: `${INTRO}“We have the money,” Ortiz said. “We do not have the time.”`, contains: 'do not have the time', mention: 'Ortiz', kind: 'direct', fragments: 2 },
  { name: 'split by its attribution, another attribution next', text: `${INTRO}“Look,” Ortiz said, “we have never seen a bridge this old.” Ortiz said the council would vote in May.`, contains: 'never seen a bridge', mention: 'Ortiz', kind: 'direct', fragments: 2 },
  { name: 'a stand-alone quotation after a connective goes on with the speaker', text: `${INTRO}Ortiz said the vote would be close. But “the council has the numbers to pass it.”`, contains: 'has the numbers', mention: 'Ortiz', kind: 'mixed', fragments: 2 },
  { name: 'tail whose source holds a quoted name, then an adverb', text: `${INTRO}“We have had better years than this one,” Riverton delegate Dana Kim, wearing a “Bridge Now” pin, said matter-of-factly as confetti fluttered down.`, contains: 'better years', mention: 'Riverton delegate Dana Kim', kind: 'direct' },
  { name: 'lead with two phrases of place and manner', text: `${INTRO}Ortiz wrote on the city's page, in capital letters, "The bridge stays open!"`, contains: 'bridge stays open', mention: 'Ortiz', kind: 'direct' },
  { name: 'tail with a manner verb and a particle', text: `${INTRO}"Wait for the vote," Hale piped up from the back of the hall.`, contains: 'Wait for the vote', mention: 'Hale', kind: 'direct' },
  { name: 'an opening phrase with no comma before a titled speaker', text: `${INTRO}At the regional party convention Gov. Dana Kim said the bridge was “a waste of steel.”`, contains: 'waste of steel', mention: 'Gov. Dana Kim', kind: 'mixed' },
  { name: 'a day with no comma before a titled speaker', text: `${INTRO}On Tuesday Mayor Lena Ortiz said the bridge was “ready for traffic.”`, contains: 'ready for traffic', mention: 'Mayor Lena Ortiz', kind: 'mixed' },
  { name: 'a role noun before a title stays in the mention', text: `${INTRO}Council candidate Sen. Dana Kim said the bridge was “a waste of steel.”`, contains: 'waste of steel', mention: 'Council candidate Sen. Dana Kim', kind: 'mixed' },
  { name: 'a cue word with a possessive is a noun', text: `${INTRO}At the state’s party convention Sen. Dana Kim said the bridge was “a waste of steel.”`, contains: 'bridge was', mention: 'Sen. Dana Kim', kind: 'mixed' },
  { name: 'a single quoted word after "as" describes', text: `${INTRO}Hale hailed the council's vote as a “breakthrough.”`, contains: 'breakthrough', mention: 'Hale', kind: 'mixed' },
  { name: 'over two paragraphs', text: `${INTRO}Hale said: “The cables are old.\n\n“They must be replaced before winter.”`, contains: 'replaced before winter', mention: 'Hale', kind: 'direct', fragments: 2 },
  { name: 'paragraph ending in a colon', text: `${INTRO}Hale put it plainly in his report:\n\n“The cables are old and must be replaced.”`, contains: 'cables are old', mention: 'Hale', kind: 'direct' },
  { name: 'pronoun resolved to the person before', text: `${INTRO}Hale inspected the cables. “They are older than I am,” he said.`, contains: 'older than I am', mention: 'he', kind: 'direct', speakerName: 'Tomas Hale' },
  { name: 'guillemets', text: `${INTRO}«Nous avons l'argent», a déclaré Ortiz. Ortiz said «the money is there».`, contains: 'the money is there', mention: 'Ortiz', kind: 'mixed' },
  { name: 'straight marks', text: `${INTRO}"The vote is on Friday," Ortiz said.`, contains: 'vote is on Friday', mention: 'Ortiz', kind: 'direct' },
  { name: 'doubled apostrophes', text: `${INTRO}''The vote is on Friday,'' Ortiz said.`, contains: 'vote is on Friday', mention: 'Ortiz', kind: 'direct' },
  { name: 'doubled apostrophes, a name with a suffix after the verb', text: `${INTRO}''The vote is on Friday,'' said Tomas R. Hale Jr., the engineer.`, contains: 'vote is on Friday', mention: 'Tomas R. Hale Jr.', kind: 'direct' },
  { name: 'doubled apostrophes inside reported speech', text: `${INTRO}Ortiz said the repairs were ''long overdue and badly planned'' by the last council.`, contains: 'long overdue', mention: 'Ortiz', kind: 'mixed' },
  { name: 'inverted lead after a connective', text: `${INTRO}Then, said Ortiz, "We will build it before the winter."`, contains: 'build it before', mention: 'Ortiz', kind: 'direct' },
  { name: 'tail, a lower-case role before the name', text: `${INTRO}"The council has heard every complaint about the bridge and answered none of them in the last two years of meetings," harbor authority spokeswoman Dana Kim said.`, contains: 'answered none', mention: 'harbor authority spokeswoman Dana Kim', kind: 'direct' },
  { name: 'a relative clause between subject and cue, and a reported clause with a past verb', text: `${INTRO}Hale, who leads the inspection team, said the council ignored the warnings.`, contains: 'the council ignored the warnings', mention: 'Hale', kind: 'indirect' },
  { name: 'an age in apposition, and a reported clause with a past verb', text: `${INTRO}Hale, 54, said the plan ignored the cables.`, contains: 'the plan ignored the cables', mention: 'Hale', kind: 'indirect' },
  { name: 'single marks, a quote reopened after the attribution that runs on into the next paragraph', text: `${INTRO}‘We were promised a new slipway,’ Hale added. ‘Now it is gone from the drawings.\n\n‘Boats will have to moor three miles away.’`, contains: 'moor three miles away', mention: 'Hale', kind: 'direct', fragments: 3 },
  { name: 'single curly marks', text: `${INTRO}‘The vote is on Friday,’ Ortiz said.`, contains: 'vote is on Friday', mention: 'Ortiz', kind: 'direct' },
  { name: 'single straight marks and an apposition', text: `${INTRO}'We will stay out until the end,' one engineer, Ana Brandt, said.`, contains: 'stay out until the end', mention: 'one engineer', kind: 'direct' },
  { name: 'a single-marked fragment inside reported speech', text: `${INTRO}Hale said the council’s plan was ‘a disgrace’ and left.`, contains: 'plan was', mention: 'Hale', kind: 'mixed' },
  { name: 'mixed quote', text: `${INTRO}Ortiz said the delay was “a scandal” and blamed the contractor.`, contains: 'delay was', mention: 'Ortiz', kind: 'mixed' },
  { name: 'said that', text: `${INTRO}Hale said on Tuesday that the cables would last another year.`, contains: 'cables would last', mention: 'Hale', kind: 'indirect' },
  { name: 'told reporters', text: `${INTRO}Ortiz told reporters the budget had doubled.`, contains: 'budget had doubled', mention: 'Ortiz', kind: 'indirect' },
  { name: 'according to, first', text: `${INTRO}According to the Harbor Authority, repairs will cost 40 million dollars.`, contains: 'repairs will cost', mention: 'the Harbor Authority', kind: 'indirect' },
  { name: 'according to, last', text: `${INTRO}Repairs will cost 40 million dollars, according to Hale.`, contains: 'Repairs will cost', mention: 'Hale', kind: 'indirect' },
  { name: 'content first, inverted tail', text: `${INTRO}The cables could fail within a year, warned Hale.`, contains: 'cables could fail', mention: 'Hale', kind: 'indirect' },
  { name: 'content first, subject tail', text: `${INTRO}The cables could fail within a year, the engineer warned.`, contains: 'cables could fail', mention: 'the engineer', kind: 'indirect' },
  { name: 'belief', text: `${INTRO}Ortiz believes the city can pay for the repairs itself.`, contains: 'city can pay', mention: 'Ortiz', kind: 'indirect' },
  { name: 'apposition between subject and cue', text: `${INTRO}Hale, who has inspected the bridge twice, argued that the repairs cannot wait.`, contains: 'repairs cannot wait', mention: 'Hale', kind: 'indirect', speakerName: 'Tomas Hale' },
  { name: 'prepositional parenthesis ending in a place between subject and cue', text: `${INTRO}Ortiz, during a visit to the harbor in Riverton, Maine, said that the repairs would start soon.`, contains: 'repairs would start', mention: 'Ortiz', kind: 'indirect' },
  { name: 'relative pronoun as subject', text: `${INTRO}The plan was backed by Hale, who argued that the repairs cannot wait.`, contains: 'repairs cannot wait', mention: 'who', kind: 'indirect', speakerName: 'Tomas Hale' },
  { name: 'organisation with a statement', text: `${INTRO}The Harbor Authority said in a statement that the bridge was safe.`, contains: 'bridge was safe', mention: 'The Harbor Authority', kind: 'indirect' },
  { name: 'participle after the main clause', text: `${INTRO}Ortiz rejected the plan, saying that it would cost too much.`, contains: 'cost too much', mention: 'Ortiz', kind: 'indirect' },
  { name: 'description as speaker', text: `${INTRO}“Nobody asked us,” a senior official said.`, contains: 'Nobody asked us', mention: 'a senior official', kind: 'direct' },
  { name: 'naming verb: the object is part of the content', text: `${INTRO}Ortiz called the delay at the bridge “a scandal.”`, contains: 'the delay at the bridge', mention: 'Ortiz', kind: 'mixed' },
  { name: 'participle after an introductory phrase and an object', text: `${INTRO}In a long speech on Tuesday, Hale attacked the contractor, calling the delay “unacceptable.”`, contains: 'the delay', mention: 'Hale', kind: 'mixed' },
  { name: 'apposition holding a relative clause', text: `${INTRO}Pete Vale, a consultant whose firm was hired by the city, said the cables were sound.`, contains: 'cables were sound', mention: 'Pete Vale', kind: 'indirect' },
  { name: 'dateline before the subject', text: `OSLO (Reuters) — Tomas Hale has criticised the plan, saying the costs were absurd.`, contains: 'costs were absurd', mention: 'Tomas Hale', kind: 'indirect' },
  { name: 'content stops where a new attribution starts', text: `${INTRO}Hale did not disclose the cost, but he did say the work would take a year.`, contains: 'the cost', mention: 'Hale', kind: 'indirect' },
  { name: 'a quotation after reported speech continues it', text: `${INTRO}Hale said he would back the plan. “It is the only way forward, and we have waited long enough.”`, contains: 'only way forward', mention: 'Hale', kind: 'mixed', fragments: 2 },
  { name: 'according to, after a colon', text: `${INTRO}The delay has not gone unnoticed: according to the Harbor Authority, repairs will cost 40 million dollars.`, contains: 'repairs will cost', mention: 'the Harbor Authority', kind: 'indirect' },
  { name: 'nested quote inside a quote', text: `${INTRO}“They told me ‘wait until spring’ and I waited,” Ortiz said.`, contains: 'wait until spring', mention: 'Ortiz', kind: 'direct' },
  { name: 'contracted auxiliary before the cue', text: `${INTRO}Hale checked the cables. He’s saying that the bridge needs “a full rebuild” soon.`, contains: 'needs', mention: 'He', kind: 'mixed', speakerName: 'Tomas Hale' },
  { name: 'participle after the quotation’s comma', text: `${INTRO}Ortiz said that the plan is “the best we have,” adding that the council “will vote on it in June.”`, contains: 'will vote on it', mention: 'Ortiz', kind: 'mixed' },
  { name: 'manner-of-speaking verb after the quotation', text: `${INTRO}“Get off my bridge,” Hale growled and walked away.`, contains: 'Get off my bridge', mention: 'Hale', kind: 'direct' },
  { name: 'inverted manner-of-speaking verb', text: `${INTRO}“This is wonderful!” beamed Lena Ortiz.`, contains: 'This is wonderful', mention: 'Lena Ortiz', kind: 'direct' },
  { name: 'place phrase between cue and quotation', text: `${INTRO}Ortiz asks at the town hall, “Any questions I can answer?”`, contains: 'Any questions', mention: 'Ortiz', kind: 'direct' },
  { name: 'according to X, who …: the clause before is the content', text: `${INTRO}The cables may fail within a year, according to Tomas Hale, who inspected them in March.`, contains: 'cables may fail', mention: 'Tomas Hale', kind: 'indirect' },
  { name: 'But, according to X, …', text: `${INTRO}But, according to the survey, 46 percent of residents — and 31 percent of drivers — want a new bridge.`, contains: 'want a new bridge', mention: 'the survey', kind: 'indirect' },
  { name: 'pull quote signed with a dash', text: `${INTRO}“The harbour has never looked better. We owe it to the engineers.” ― Lena Ortiz`, contains: 'harbour has never looked better', mention: 'Lena Ortiz', kind: 'direct' },
  { name: 'words before a quotation that ends at its attribution: a mixed quote', text: `${INTRO}The bridge will reopen in “a matter of weeks,” Ortiz said.`, contains: 'The bridge will reopen', mention: 'Ortiz', kind: 'mixed' },
  { name: 'told: the noun phrase after the verb is the hearer', text: `${INTRO}“The cables are older than anyone thought,” Pete Vale, a consultant for the city, told the Harbor Herald.`, contains: 'older than anyone', mention: 'Pete Vale', kind: 'direct' },
  { name: 'told after reported speech: the hearer is not the source', text: `${INTRO}The cables are older than anyone thought, Pete Vale, a consultant for the city, told the Harbor Herald.`, contains: 'older than anyone', mention: 'Pete Vale', kind: 'indirect' },
  { name: 'participle after an object: the verb’s subject is the source', text: `${INTRO}The Harbor Authority released a statement on Monday saying the bridge was safe.`, contains: 'bridge was safe', mention: 'The Harbor Authority', kind: 'indirect' },
  { name: 'participle after an object and prepositional phrases', text: `${INTRO}Hale sent a long memo to the council in April explaining why the cables must go.`, contains: 'why the cables must go', mention: 'Hale', kind: 'indirect' },
  { name: 'participle after a comma: not the phrase between commas', text: `${INTRO}Ortiz reopened the bridge in early June, but only after a long delay, telling reporters that the work was done.`, contains: 'the work was done', mention: 'Ortiz', kind: 'indirect' },
  { name: 'participle after a quotation: not the words after it', text: `${INTRO}Ortiz gave a spirited defence of “harbour values,” saying the city embodied “hard work and patience.”`, contains: 'the city embodied', mention: 'Ortiz', kind: 'mixed' },
  { name: 'a name right before the colon that introduces a quotation', text: `${INTRO}The timing of the vote surprised nobody less than the engineer Tomas Hale: “We saw this coming for years.”`, contains: 'saw this coming', mention: 'Tomas Hale', kind: 'direct' },
  { name: 'a heading, a dash, then a name and a colon', text: `${INTRO}CABLES FAIL AGAIN - Tomas Hale: “We saw this coming for years, and we said so.”`, contains: 'saw this coming', mention: 'Tomas Hale', kind: 'direct' },
  { name: 'a colon after an object: the subject still speaks', text: `${INTRO}Ortiz had a message for Tomas Hale: “Fix the cables before the winter comes.”`, contains: 'Fix the cables', mention: 'Ortiz', kind: 'direct' },
  { name: 'a gerund after a preposition is a cue, and one whole quotation is a direct quote', text: `${INTRO}Ortiz closed the meeting by saying “We will not wait for another winter.”`, contains: 'another winter', mention: 'Ortiz', kind: 'direct' },
  { name: 'a quotation closed by a period is not attributed by the next sentence', text: `${INTRO}Ortiz spoke first. “We will not wait for another winter.” Hale said the cables were safe.`, contains: 'cables were safe', mention: 'Hale', kind: 'indirect' },
  { name: 'a relative clause with its own cue ends the reported clause before it', text: `${INTRO}Ortiz criticized the contract, which the auditor said was “badly drafted” from the start.`, contains: 'badly drafted', mention: 'the auditor', kind: 'mixed' },
  { name: 'a relative pronoun, an auxiliary and an adverb before the cue', text: `${INTRO}Ortiz praised Hale, who has publicly vowed to finish the bridge by May.`, contains: 'finish the bridge', mention: 'who', kind: 'indirect', speakerName: 'Tomas Hale' },
  { name: 'with X calling …: a clause of its own', text: `${INTRO}Hale criticized the plan, with Ortiz calling it “a waste of money.”`, contains: 'waste of money', mention: 'Ortiz', kind: 'mixed' },
  { name: 'a quotation inside its sentence, then a cue with a reported clause: no tail', text: `${INTRO}Walking into the hall to shouts of “Lena! Lena!,” the mayor said her campaign was “finishing strong.”`, contains: 'her campaign was', mention: 'the mayor', kind: 'mixed' },
  { name: 'a cue tagged as a participle after a noun is still a verb before a quotation', text: `${INTRO}Another engineer responded, “The cables will hold for a decade.”`, contains: 'cables will hold', mention: 'Another engineer', kind: 'direct' },
  { name: 'phrases of time and place end an attribution after its content', text: `${INTRO}The cables are unsafe, Hale said Tuesday in Riverton, adding that repairs would start soon.`, contains: 'cables are unsafe', mention: 'Hale', kind: 'indirect' },
  { name: 'an age and a home town between commas after the name', text: `${INTRO}“The toll is far too high,” Ada Brook, 41, of Lake Falls, Minn., who drives across daily, said on Monday.`, contains: 'toll is far too high', mention: 'Ada Brook', kind: 'direct' },
  { name: 'an attribution that closes its sentence introduces the quotation after it', text: `${INTRO}Hale said in a statement on Tuesday. “The cables are safe. The bridge will reopen in May.”`, contains: 'cables are safe', mention: 'Hale', kind: 'direct' },
  { name: 'a quotation ending in an abbreviation before its attribution', text: `${INTRO}“Our steel comes from the U.S.,” Ortiz said.`, contains: 'Our steel comes', mention: 'Ortiz', kind: 'direct' },
  { name: 'a relative clause about the speaker does not take the next quotation', text: `${INTRO}“The cables are old,” said Tomas Hale, who wrote about the bridge in a book. “They must be replaced before winter.”`, contains: 'replaced before winter', mention: 'Tomas Hale', kind: 'direct', fragments: 2 },
  { name: 'more verbs of speaking and judging (bemoan, scoff, mull)', text: `${INTRO}Hale bemoaned the “endless delays” at the bridge. Ortiz scoffed that the plan was “pure fantasy.” The council is mulling whether to close the bridge.`, contains: 'endless delays', mention: 'Hale', kind: 'mixed' },
  { name: 'a noun cue with its owner', text: `${INTRO}The vote followed Hale’s repeated claim that the cables were “perfectly safe.”`, contains: 'cables were', mention: 'Hale’s', kind: 'mixed' },
  { name: 'a noun cue owned by a possessive pronoun', text: `${INTRO}Ortiz spoke first. The meeting ended with her call for “a brand new bridge by next year.”`, contains: 'brand new bridge', mention: 'her', kind: 'direct', speakerName: 'Lena Ortiz' },
  { name: 'inverted speaker: one of a group', text: `${INTRO}“The cables were rusted through,” said one of two inspectors who visited the bridge.`, contains: 'rusted through', mention: 'one of two inspectors', kind: 'direct' },
  { name: 'inverted speaker: a title with “of” before the name', text: `${INTRO}“Welcome to the new bridge,” said master of ceremonies Pia Lund.`, contains: 'Welcome to the new bridge', mention: 'master of ceremonies Pia Lund', kind: 'direct' },
  { name: 'a short quotation inside the apposition', text: `${INTRO}“We came to see it open,” Pia Lund, wearing a “Bridge Now” badge, said on Monday.`, contains: 'came to see it open', mention: 'Pia Lund', kind: 'direct' },
  { name: 'a closing attribution holds a cue before it', text: `${INTRO}Ortiz said the bridge would reopen in “a matter of weeks,” the Harbor Authority reported.`, contains: 'Ortiz said the bridge', mention: 'the Harbor Authority', kind: 'mixed' },
  { name: 'according to X holds a cue before it', text: `${INTRO}Hale warned that the cables were “close to failing,” according to the council minutes.`, contains: 'Hale warned that', mention: 'the council minutes', kind: 'mixed' },
  { name: 'a parenthetical attribution after a short subject', text: `${INTRO}Toll fees, Hale added, were “far too high for commuters.”`, contains: 'Toll fees', mention: 'Hale', kind: 'mixed', fragments: 2 },
  { name: 'an attribution in an as-clause takes the main clause', text: `${INTRO}But as the Harbor Herald observed in an editorial on Sunday, the bridge “has become a monument to delay.”`, contains: 'monument to delay', mention: 'the Harbor Herald', kind: 'mixed' },
  { name: 'a quotation right after a verb that needs punctuation before speech', text: `${INTRO}The crowd at the quay chanted “Open it now! Open it now!”`, contains: 'Open it now', mention: 'The crowd at the quay', kind: 'direct' },
  { name: 'a participle with its quotation right after it', text: `${INTRO}Ortiz posted a photo of the cables, writing “These will be replaced by the spring.”`, contains: 'replaced by the spring', mention: 'Ortiz', kind: 'direct' },
  { name: 'a quantity word standing alone as the subject', text: `${INTRO}Two commuters spoke to us. Another added, “The ferry is faster than the bridge ever was.”`, contains: 'ferry is faster', mention: 'Another', kind: 'direct' },
  { name: 'a quantity word standing alone after an inverted cue', text: `${INTRO}“The ferry is faster than the bridge ever was,” wrote one.`, contains: 'ferry is faster', mention: 'one', kind: 'direct' },
  { name: 'a closing mark typed as the opening one', text: `${INTRO}”The ferry is faster than the bridge ever was,” said Pia Lund.`, contains: 'ferry is faster', mention: 'Pia Lund', kind: 'direct' },
  { name: 'a sign that reads a slogan', text: `${INTRO}“Open the bridge now,” read one sign on the quay.`, contains: 'Open the bridge now', mention: 'one sign', kind: 'direct' },
  { name: 'a reply verb after the quotation', text: `${INTRO}“That is simply not true,” Hale shot back.`, contains: 'simply not true', mention: 'Hale', kind: 'direct' },
  { name: 'as X put it, …', text: `${INTRO}As Ortiz put it, the bridge is “a monument to delay.”`, contains: 'monument to delay', mention: 'Ortiz', kind: 'mixed' },
  { name: '…, as X said, closing the sentence', text: `${INTRO}The bridge is “a monument to delay,” as Ortiz said on Monday.`, contains: 'The bridge is', mention: 'Ortiz', kind: 'mixed' },
  { name: 'a title in the phrase before “that”', text: `${INTRO}Ortiz said on Channel Nine’s “Harbour Tonight” that she would “take a look” at the plan.`, contains: 'take a look', mention: 'Ortiz', kind: 'mixed' },
  { name: 'a place and its state before “that”', text: `${INTRO}Ortiz ended the meeting, telling residents in Riverton, Ohio, that she had “great hopes” for the bridge.`, contains: 'great hopes', mention: 'Ortiz', kind: 'mixed' },
  { name: 'a place, its state and a time before “that”', text: `${INTRO}Ortiz told a rally in Riverton, West Virginia on Monday that the ferry was “a lifeline.”`, contains: 'a lifeline', mention: 'Ortiz', kind: 'mixed' },
  { name: 'phrases of place before a reported clause', text: `${INTRO}Hale wrote in both letters he was “deeply worried” about the cables.`, contains: 'deeply worried', mention: 'Hale', kind: 'mixed' },
  { name: 'a chanted slogan shaped like a title', text: `${INTRO}Protesters gathered outside, chanting “Save the Ferry.”`, contains: 'Save the Ferry', mention: 'Protesters', kind: 'direct' },
  { name: 'a colon before a quotation ends a reported clause; the quotation keeps its own tail', text: `${INTRO}Hale ended by lamenting the paperwork his job brings: “There is a mountain of forms for every bolt,” he said.`, contains: 'mountain of forms', mention: 'he', kind: 'direct', fragments: 1, speakerName: 'Tomas Hale' },
  { name: 'a quantity word left outside any phrase is still the subject', text: `${INTRO}Yet another said, “Hale is in a tough fight with Ortiz” for the second seat.`, contains: 'tough fight', mention: 'another', kind: 'direct' },
  { name: 'a gerund after “upon” has the main clause’s subject', text: `${INTRO}Ortiz drew loud boos upon saying, “The council heard the people.”`, contains: 'council heard the people', mention: 'Ortiz', kind: 'direct' },
  { name: 'a contrasting while-clause with its own cue ends the reported clause', text: `${INTRO}Ortiz praised the engineer as a “true craftsman” while Hale called the mayor “a tireless fighter.”`, contains: 'true craftsman', mention: 'Ortiz', kind: 'mixed' },
  { name: 'a loose tail: a quotation closed on a comma, a coordinated source, then the verb', text: `${INTRO}“The cables have been rusting for years while the council has stood idly by,” the Riverton mayor and Democratic council candidate said in a statement.`, contains: 'rusting for years', mention: 'the Riverton mayor and Democratic council candidate', kind: 'direct' },
  { name: 'a sentence-opening subject when an apposition holds a verb of its own', text: `${INTRO}Hale, when asked what was wrong with the plan, replied that the contractor “has no idea what it is doing.”`, contains: 'the contractor', mention: 'Hale', kind: 'mixed' },
];

// Content rules (quote spans and kinds); each sentence is written for this test.
const CONTENT_ROWS: Row[] = [
  { name: 'a hyphenated age before the speaker noun', text: `${INTRO}“The cables will last another ten years,” the 64-year-old engineer said at the depot.`, contains: 'another ten years', mention: 'the 64-year-old engineer', kind: 'direct' },
  { name: 'a noun-like cue closing a tail attribution', text: `${INTRO}“Vote for the bridge on Friday,” the leaflet read.`, contains: 'Vote for the bridge', mention: 'the leaflet', kind: 'direct' },
  { name: 'a noun-like cue after a comma outside the marks', text: `${INTRO}“Fix the bridge first”, the memo reads.`, contains: 'Fix the bridge first', mention: 'the memo', kind: 'direct' },
  { name: 'a naming participle in a reduced relative quotes a name with no source', text: `${INTRO}There is also a weekly programme, called “Ask the Mayor,” on the town radio.`, contains: 'Ask the Mayor', mention: null, kind: 'direct' },
  { name: 'a naming participle in a passive quotes a name with no source', text: `${INTRO}The levy had long been called the “harbour tax” before the council scrapped it.`, contains: 'harbour tax', mention: null, kind: 'mixed' },
  { name: 'a naming participle in a passive with its agent after “by”', text: `${INTRO}The old pier has been dubbed “the plank” by local fishermen.`, contains: 'the plank', mention: 'local fishermen', kind: 'direct' },
  { name: 'a chant noun with no owner quotes what follows “of”', text: `${INTRO}The meeting ended in loud chants of “Open the bridge!” from the back rows.`, contains: 'Open the bridge', mention: null, kind: 'direct' },
  { name: 'a chant noun opening the sentence', text: `${INTRO}Cries of “Shame on the council!” came from the gallery.`, contains: 'Shame on the council', mention: null, kind: 'direct' },
  { name: 'an owned noun cue with its content after a copula', text: `${INTRO}Hale’s answer was that “the cables are tired,” so the council must act.`, contains: 'cables are tired', mention: 'Hale’s', kind: 'mixed' },
  { name: 'the hearers after a tail attribution’s adjunct ("to the council") end it', text: `${INTRO}The ferry had “saved the town” that winter, Ortiz said in a radio message to the council.`, contains: 'saved the town', mention: 'Ortiz', kind: 'mixed' },
  { name: '“that” after a verb that can take hearers opens the clause; it is no determiner of an object', text: `${INTRO}Hale warned that the ferry cables were too old and promised that the council would act.`, contains: 'the ferry cables were too old', mention: 'Hale', kind: 'indirect' },
  { name: 'the hearers of such a verb are still stepped over', text: `${INTRO}Hale warned the council that the ferry cables were too old.`, contains: 'the ferry cables were too old', mention: 'Hale', kind: 'indirect' },
  { name: 'a possessive opening the sentence is part of the speaker’s phrase', text: `${INTRO}Riverton’s harbour master said the ferry would “run all winter.”`, contains: 'run all winter', mention: 'Riverton’s harbour master', kind: 'mixed' },
  { name: 'particles inside a name are part of the speaker’s phrase', text: `${INTRO}A plan that engineer Ana van der Berg called “the only way” was approved.`, contains: 'the only way', mention: 'Ana van der Berg', kind: 'mixed' },
  { name: 'a capitalised common noun opening the sentence is no name before a cue', text: `${INTRO}Repair estimates, Hale added, were “far too low for a bridge this old.”`, contains: 'far too low', mention: 'Hale', kind: 'mixed' },
];

for (const row of [...ROWS, ...CONTENT_ROWS]) {
  test(`attribution: ${row.name}`, () => {
    const quotes = quotesOf(row.text);
    const q = quotes.find((x) => x.text.includes(row.contains));
    assert.ok(q, `no quote contains "${row.contains}"; got ${JSON.stringify(quotes.map((x) => x.text))}`);
    assert.equal(q.kind, row.kind, 'kind');
    const mention = q.speakerMention ? row.text.slice(q.speakerMention.start, q.speakerMention.end) : null;
    assert.equal(mention, row.mention, 'speaker mention');
    if (row.fragments) assert.equal(q.fragments.length, row.fragments, 'fragments');
    if (row.speakerName) assert.equal(q.speakerName, row.speakerName, 'resolved speaker');
    for (const f of q.fragments) assert.ok(f.start < f.end && f.end <= row.text.length, 'fragment offsets lie in the text');
  });
}

test('an attribution closing its clause before a participle holds what came before, and the participle is its own', () => {
  const text = `${INTRO}Ortiz said the bridge was “a disgrace,” Hale told reporters on Monday, adding that repairs would start soon.`;
  const quotes = quotesOf(text);
  const mention = (q: Quote | undefined): string | null => (q?.speakerMention ? text.slice(q.speakerMention.start, q.speakerMention.end) : null);
  const told = quotes.find((q) => q.cue === 'told');
  assert.ok(told?.text.includes('Ortiz said the bridge'), JSON.stringify(quotes.map((q) => q.text)));
  assert.equal(mention(told), 'Hale');
  const adding = quotes.find((q) => q.cue === 'adding');
  assert.ok(adding?.text.includes('repairs would start'), JSON.stringify(quotes.map((q) => q.text)));
  assert.equal(mention(adding), 'Hale');
});

test('a second predicate after a quoted object is not part of the quote', () => {
  for (const [text, cue, tail] of [
    [`${INTRO}Ortiz called the tender “a shambles” and ranked the contractor among the worst she had hired.`, 'called', 'ranked'],
    [`${INTRO}Hale called the budget “a fantasy,” pointing to the missing cable costs.`, 'called', 'pointing'],
    [`${INTRO}Ortiz complained that the ferry was “always late” before praising the new timetable.`, 'complained', 'praising'],
  ] as const) {
    const q = quotesOf(text).find((x) => x.cue === cue);
    assert.ok(q, text);
    assert.ok(!q.text.includes(tail), q.text);
  }
});

test('a quotation handed over by a colon in a new sentence does not continue the attribution before it', () => {
  const text = `${INTRO}“Close the pier tonight,” said Ortiz. Hale resisted: “The pier is safe and the harbor needs it.”`;
  const quotes = quotesOf(text);
  const said = quotes.find((q) => q.cue === 'said');
  assert.ok(said && !said.text.includes('pier is safe'), JSON.stringify(quotes.map((q) => q.text)));
  const colon = quotes.find((q) => q.text.includes('pier is safe'));
  assert.equal(colon?.speakerName, 'Tomas Hale');
});

test('a cue that reports speech only after punctuation takes an object holding a quotation', () => {
  const text = `${INTRO}“The pier stays open,” Ortiz said on Monday, noting the ferry “makes the whole town late.”`;
  const q = quotesOf(text).find((x) => x.cue === 'noting');
  assert.ok(q?.text.includes('whole town late'), JSON.stringify(quotesOf(text).map((x) => x.text)));
  assert.equal(q?.kind, 'mixed');
});

test('scoffed and mulling are cues too', () => {
  const quotes = quotesOf(`${INTRO}Ortiz scoffed that the plan was “pure fantasy.” The council is mulling whether to close the bridge.`);
  assert.ok(quotes.some((q) => q.cue === 'scoffed' && q.text.includes('pure fantasy')), JSON.stringify(quotes.map((q) => q.text)));
  assert.ok(quotes.some((q) => q.cue === 'mulling' && q.text.includes('whether to close')), JSON.stringify(quotes.map((q) => q.text)));
});

test('a reported clause stops at a comma inside a closing mark when an attribution follows', () => {
  const text = `${INTRO}Ortiz called the plan “a disgrace,” Hale said as he left the hall.`;
  const called = quotesOf(text).find((q) => q.cue === 'called');
  assert.ok(called);
  assert.ok(!called.text.includes('Hale said'), called.text);
});

test('a reported clause stops at the next clause with its own attribution', () => {
  const text = `${INTRO}Hale did not disclose the cost, but he did say the work would take a year.`;
  const first = quotesOf(text).find((q) => q.text.includes('the cost'));
  assert.ok(first);
  assert.ok(!first.text.includes('work would take'), first.text);
});

test('hedges and sourceless passives are attributions with no source', () => {
  const text = `${INTRO}Both objections seemed to carry little weight. Hale is expected to resign on Friday. Ortiz was asked whether the bridge was safe. Hale appeared on television.`;
  const quotes = quotesOf(text);
  const find = (s: string): Quote | undefined => quotes.find((q) => q.text.includes(s));
  for (const s of ['to carry little weight', 'to resign on Friday', 'whether the bridge was safe']) {
    const q = find(s);
    assert.ok(q, `no quote holds "${s}": ${JSON.stringify(quotes.map((x) => x.text))}`);
    assert.equal(q.speakerMention, null);
    assert.equal(q.kind, 'indirect');
  }
  assert.equal(find('Both objections')?.fragments.length, 2, 'the subject of a hedge is part of its content');
  assert.equal(find('on television'), undefined, '"appeared on" is not a hedge');
});

test('scare quotes and titles are not speech', () => {
  const text = `${INTRO}The so-called “bridge fund” was never used. Hale reads “The Engineer” every week. Ortiz wrote “The Long Crossing” in 1990.`;
  const quotes = quotesOf(text);
  assert.deepEqual(quotes.filter((q) => q.text.includes('bridge fund') || q.text.includes('The Engineer') || q.text.includes('Long Crossing')).map((q) => q.text), []);
});

test('a single quoted word in the object of a verb no lexicon lists is a term, two or more words are quoted', () => {
  const text = `${INTRO}The council gave the money to the so-called “experts” last spring.\n\nHale blamed the delay on “a council that never reads its reports.”`;
  const quotes = quotesOf(text);
  assert.deepEqual(quotes.filter((q) => q.text.includes('experts')).map((q) => q.text), []);
  assert.ok(quotes.some((q) => q.text.includes('never reads its reports') && q.speakerName === 'Tomas Hale'), JSON.stringify(quotes.map((q) => [q.text, q.speakerName])));
});

test('a title after a noun naming a work or "entitled", or before a person it describes, is not speech', () => {
  const text = `${INTRO}Hale wrote about it in his 2012 book, “The Long Crossing.” Ortiz appeared in a segment entitled “Bridges Of Riverton.”\n\n“Harbor Nights” star Dana Kim toured the bridge on Monday.`;
  const quotes = quotesOf(text);
  // (A reported clause may hold a title; it is then no quotation of anyone's words, so not direct or mixed.)
  assert.deepEqual(quotes.filter((q) => q.kind !== 'indirect' && /Long Crossing|Bridges Of|Harbor Nights/.test(q.text)).map((q) => q.text), []);
});

test('titles listed after a title, and a title before a capitalised role noun in a headline, are not speech', () => {
  const text = `${INTRO}“Harbor Nights” Star Visits The Old Bridge\n\nDana Kim, who starred in “Harbor Nights” and “Bridges Of Riverton,” visited the bridge on Monday.`;
  const quotes = quotesOf(text);
  assert.deepEqual(quotes.filter((q) => q.kind !== 'indirect' && /Harbor Nights|Bridges Of/.test(q.text)).map((q) => q.text), []);
});

test('a quotation closed by a comma before a role noun is speech, not a title', () => {
  const text = `${INTRO}“Truly Wonderful,” host Dana Kim said.`;
  assert.ok(quotesOf(text).some((q) => q.text.includes('Truly Wonderful') && q.kind === 'direct'));
});

test('a programme title before an attribution is not the quote', () => {
  const text = `${INTRO}Speaking on Channel Nine’s “Morning Harbour Report,” Ortiz said the bridge would open in May.\n\nOn “City Desk Live,” Hale said: “The cables are old.”`;
  const quotes = quotesOf(text);
  assert.deepEqual(quotes.filter((q) => q.text.includes('Morning Harbour') || q.text.includes('City Desk')).map((q) => q.text), []);
  assert.ok(quotes.some((q) => q.text.includes('bridge would open') && q.speakerName === 'Lena Ortiz'), JSON.stringify(quotes.map((q) => [q.text, q.speakerName])));
  assert.ok(quotes.some((q) => q.text.includes('cables are old')));
});

test('a participle that introduces the next quotation is an attribution of its own, not a continuation', () => {
  const text = `${INTRO}“I have great respect for the engineers,” Ortiz said, adding: “I would welcome their support.”`;
  const quotes = quotesOf(text);
  const first = quotes.find((q) => q.text.includes('great respect'));
  const second = quotes.find((q) => q.text.includes('welcome their support'));
  assert.ok(first && second && first !== second, JSON.stringify(quotes.map((q) => q.text)));
  assert.equal(second.cue, 'adding');
  assert.equal(second.speakerName, 'Lena Ortiz');
});

test('a while-clause with a cue of its own is not part of the clause before it', () => {
  const text = `${INTRO}Ortiz praised the engineer as a “true craftsman” while Hale called the mayor “a tireless fighter.”`;
  const praised = quotesOf(text).find((q) => q.cue === 'praised');
  assert.ok(praised && !praised.text.includes('tireless'), JSON.stringify(praised?.text));
});

// A reported clause stops where a new subject with an attribution of its own begins (newAttributionAt):
// the second attribution is a frame with its own speaker, not words of the first.
const NEW_ATTRIBUTION_ROWS: { name: string; text: string; first: string; second: string; mention: string }[] = [
  { name: 'a subordinate clause, then a new subject whose verb hands over a quotation', text: `${INTRO}After Ortiz criticized the contractor at the hearing, Hale shot back, “The delays began long before we arrived.”`, first: 'the contractor', second: 'delays began', mention: 'Hale' },
  { name: '"and" with a new subject and a cue', text: `${INTRO}The auditor will call the budget a fiction and the council will accuse you of “wasting every cent.”`, first: 'the budget a fiction', second: 'wasting every cent', mention: 'the council' },
  { name: 'a new subject, a verb and a colon before a quotation', text: `${INTRO}When Ortiz suggested that the bridge could open in May, Hale replied sharply: “Not with these cables.”`, first: 'the bridge could open', second: 'Not with these cables', mention: 'Hale' },
  { name: 'a semicolon, then a new subject with a cue', text: `${INTRO}The council approved the plan after Ortiz said it was ready; one engineer called it “a gamble with people's lives.”`, first: 'it was ready', second: 'a gamble with', mention: 'one engineer' },
];

for (const row of NEW_ATTRIBUTION_ROWS) {
  test(`a new attribution ends the reported clause: ${row.name}`, () => {
    const quotes = quotesOf(row.text);
    const texts = JSON.stringify(quotes.map((q) => q.text));
    const first = quotes.find((q) => q.text.includes(row.first));
    assert.ok(first, `no quote holds "${row.first}": ${texts}`);
    assert.ok(!first.text.includes(row.second), `the first quote runs on into the second: ${first.text}`);
    const second = quotes.find((q) => q.text.includes(row.second));
    assert.ok(second, `no quote holds "${row.second}": ${texts}`);
    assert.equal(second.speakerMention ? row.text.slice(second.speakerMention.start, second.speakerMention.end) : null, row.mention);
  });
}

test('a roundup of pull quotes, one signed with a dash on each line of a paragraph, gives each its own speaker', () => {
  const text = `${INTRO}“The bridge has been closed for a year and nobody seems to care.” ― Marta Silva\n“I drive an hour longer every day. Fix it.” — Tomas Berg, 41, a nurse\n“We were promised a new bridge in 2020.” – Ana Lucia Reyes.\n\n“The tolls will pay for it.”\n\n- Ortiz.`;
  const quotes = quotesOf(text);
  const speakerOf = (words: string): string | null => {
    const q = quotes.find((x) => x.text.includes(words));
    assert.ok(q, `no quote holds "${words}": ${JSON.stringify(quotes.map((x) => x.text))}`);
    assert.equal(q.fragments.length, 1, `one fragment: ${q.text}`);
    return q.speakerMention ? text.slice(q.speakerMention.start, q.speakerMention.end) : null;
  };
  assert.equal(speakerOf('nobody seems to care'), 'Marta Silva');
  assert.equal(speakerOf('Fix it'), 'Tomas Berg');
  assert.equal(speakerOf('new bridge in 2020'), 'Ana Lucia Reyes');
  assert.equal(speakerOf('tolls will pay'), 'Ortiz');
});

test('a speaker mention that the chunker cut inside a name covers the whole name', () => {
  const text = 'Downing Street said the talks would resume in June.';
  const q = quotesOf(text).find((x) => x.text.includes('talks would resume'));
  assert.ok(q?.speakerMention, JSON.stringify(quotesOf(text)));
  assert.equal(text.slice(q.speakerMention.start, q.speakerMention.end), 'Downing Street');
});

test('a verb that is no verb of speaking does not take the noun phrase after it as an inverted source', () => {
  const text = `${INTRO}Hale, 52, who has led the inspection team since 2019, dismissed the mayor's comments.`;
  const quotes = quotesOf(text);
  assert.ok(!quotes.some((q) => q.speakerMention && text.slice(q.speakerMention.start, q.speakerMention.end).includes('comments')), JSON.stringify(quotes.map((q) => [q.text, q.reason])));
});

test('a wire dateline is a place in capitals, perhaps a date and an agency, then a dash', () => {
  const upTo = (t: string): string => t.slice(0, datelineEnd(t, { start: 0, end: t.length }));
  assert.equal(upTo('RIVERTON (Harbour Wire) — The ferry'), 'RIVERTON (Harbour Wire) — ');
  assert.equal(upTo('LOS ANGELES, May 2 - The ferry'), 'LOS ANGELES, May 2 - ');
  assert.equal(upTo('US - China talks resumed'), '');
  assert.equal(upTo('The ferry - a relic - sank'), '');
});

test('reported speech that opens a paragraph leaves out the wire dateline before it', () => {
  const text = 'RIVERTON, March 3 (Harbour Wire) - The bridge will stay closed until May, the council said on Thursday.';
  const q = quotesOf(text).find((x) => x.text.includes('bridge will stay closed'));
  assert.ok(q, JSON.stringify(quotesOf(text).map((x) => x.text)));
  assert.ok(q.text.startsWith('The bridge'), q.text);
});

test('not responding to a request for comment says nothing; a dateline stays out of "according to" content', () => {
  const text = `${INTRO}RIVERTON — The ferry will stop in May, according to two people familiar with the plan. Ortiz's spokeswoman did not respond to a request for comment.`;
  const quotes = quotesOf(text);
  assert.ok(!quotes.some((q) => q.text.includes('request for comment')), JSON.stringify(quotes.map((q) => q.text)));
  const q = quotes.find((x) => x.text.includes('ferry will stop'));
  assert.ok(q?.text.startsWith('The ferry'), JSON.stringify(quotes.map((x) => x.text)));
});

test('a contrasting "while" clause with its own verb of speaking ends the first reported clause; its speaker is the name in apposition', () => {
  const text = `${INTRO}Ortiz said the deal was “a first step, not the last one”, while Norway’s fisheries minister, Eira Vangen, said her country would “never accept” quotas.`;
  const quotes = quotesOf(text);
  const first = quotes.find((q) => q.text.includes('first step'));
  assert.ok(first && !first.text.includes('never accept'), JSON.stringify(quotes.map((q) => q.text)));
  const second = quotes.find((q) => q.text.includes('never accept'));
  assert.equal(second?.speakerName, 'Eira Vangen', JSON.stringify(quotes.map((q) => [q.text, q.speakerName])));
});

test('a cue in a fronted "while" clause reports nothing of the main clause after its comma', () => {
  const text = `${INTRO}While Ortiz condemned the harbour plan as “a fantasy,” the dock unions went on strike.`;
  const q = quotesOf(text).find((x) => x.text.includes('harbour plan'));
  assert.ok(q, JSON.stringify(quotesOf(text).map((x) => x.text)));
  assert.ok(!q.text.includes('strike'), q.text);
  assert.equal(q.speakerMention ? text.slice(q.speakerMention.start, q.speakerMention.end) : null, 'Ortiz');
});

test('a fronted clause keeps the commas of a list, and ends only before a main clause', () => {
  const text = `${INTRO}After Ortiz said the cables, the deck and the towers were “beyond repair,” the council closed the bridge.`;
  const q = quotesOf(text).find((x) => x.text.includes('the cables'));
  assert.ok(q, JSON.stringify(quotesOf(text).map((x) => x.text)));
  assert.ok(q.text.includes('beyond repair'), q.text);
  assert.ok(!q.text.includes('closed the bridge'), q.text);
});

test('a comma inside a list is no new attribution', () => {
  const text = `${INTRO}Hale said the cables, the deck and the towers needed “urgent work” before the winter.`;
  const q = quotesOf(text).find((x) => x.text.includes('the cables'));
  assert.ok(q);
  assert.ok(q.text.includes('urgent work'), q.text);
});


test('a short quotation modifying the noun after it is a term, not what the subject said', () => {
  const text = `${INTRO}The council hired a “rapid response” team to watch the cables through the winter.`;
  const quotes = quotesOf(text);
  assert.ok(!quotes.some((q) => q.text.includes('rapid response')), JSON.stringify(quotes.map((q) => q.text)));
  // A longer quotation in the object is still taken.
  const said = `${INTRO}Hale blasted the plan as “a waste of money and of everyone's time.”`;
  assert.ok(quotesOf(said).some((q) => q.text.includes('a waste of money')));
});

test('a reported clause whose only quotation is the title of a work is indirect, not a partial quote', () => {
  const text = `${INTRO}Ortiz said the plan was first discussed on NBC’s “Morning Report” last year.`;
  const q = quotesOf(text).find((x) => x.text.includes('the plan was first discussed'));
  assert.ok(q);
  assert.equal(q.kind, 'indirect');
  const words = `${INTRO}Ortiz said the plan was “dead on arrival” last year.`;
  assert.equal(quotesOf(words).find((x) => x.text.includes('the plan was'))?.kind, 'mixed');
});

test('after a comma, a clause with an attribution of its own is not the content of the cue before it', () => {
  const text = `${INTRO}If the council agrees, Hale said, “we will start the repairs in May.”`;
  const quotes = quotesOf(text);
  const q = quotes.find((x) => x.text.includes('start the repairs'));
  assert.ok(q, JSON.stringify(quotes.map((x) => x.text)));
  assert.equal(q.speakerMention ? text.slice(q.speakerMention.start, q.speakerMention.end) : null, 'Hale');
  assert.ok(!quotes.some((x) => x.cue === 'agrees'), JSON.stringify(quotes.map((x) => [x.cue, x.text])));
});

test('a gerund after a preposition does not stop the search for the verb whose object holds a quotation', () => {
  const text = `${INTRO}Hale ripped the contractor for treating the cables as “a problem for next year” in its report.`;
  const q = quotesOf(text).find((x) => x.text.includes('a problem for next year'));
  assert.ok(q, JSON.stringify(quotesOf(text).map((x) => x.text)));
  assert.equal(q.speakerMention ? text.slice(q.speakerMention.start, q.speakerMention.end) : null, 'Hale');
  assert.equal(q.kind, 'mixed');
});

test('a contracted "is" before a quotation is no verb whose object quotes someone', () => {
  for (const text of [
    `${INTRO}It's fine to “fix the cables next spring, after the storms,” but the deck cannot wait.`,
    `${INTRO}There's still “a great deal of rust on the towers” according to the survey.`,
  ]) {
    const quotes = quotesOf(text);
    assert.ok(!quotes.some((q) => q.reason === 'verb with a quotation in its object'), JSON.stringify(quotes.map((q) => [q.reason, q.text])));
  }
  // A verb of its own before the quotation still makes the attribution.
  const text = `${INTRO}Hale heralded the repairs as “a patch on a patch on a patch.”`;
  assert.ok(quotesOf(text).some((q) => q.reason === 'verb with a quotation in its object' && q.text.includes('a patch on a patch')), JSON.stringify(quotesOf(text).map((q) => [q.reason, q.text])));
});

test('a particle after a verb stays in its verb group when looking for the subject', () => {
  const text = `${INTRO}Hale went on to call the repairs “a patch on a patch.”`;
  const q = quotesOf(text).find((x) => x.text.includes('a patch on a patch'));
  assert.ok(q, JSON.stringify(quotesOf(text).map((x) => x.text)));
  assert.equal(q.speakerMention ? text.slice(q.speakerMention.start, q.speakerMention.end) : null, 'Hale');
});

test('a title abbreviated with a period stays in the subject of a new attribution after a colon', () => {
  const text = `${INTRO}Others who backed the bill said the plan looked weak: Former Rep. Dana Miller called it “the worst deal in a decade.”`;
  const q = quotesOf(text).find((x) => x.text.includes('the worst deal'));
  assert.ok(q, JSON.stringify(quotesOf(text).map((x) => x.text)));
  assert.equal(q.speakerMention ? text.slice(q.speakerMention.start, q.speakerMention.end) : null, 'Former Rep. Dana Miller');
  assert.ok(!q.text.includes('looked weak'), q.text);
});

test('a name quoted in a what-clause inside an intention is the words of the clause’s subject', () => {
  const text = `${INTRO}The coalition seeks to cut deaths through the adoption of what it calls “sensible safety rules for every county.”`;
  const q = quotesOf(text).find((x) => x.text.includes('sensible safety rules'));
  assert.ok(q, JSON.stringify(quotesOf(text).map((x) => x.text)));
  assert.equal(q.speakerMention ? text.slice(q.speakerMention.start, q.speakerMention.end) : null, 'it');
  assert.equal(q.cue, 'calls');
  // Inside a speech verb's report the speaker's words hold the whole clause.
  const said = `${INTRO}Ortiz said the budget is what Hale calls “a slow disaster.”`;
  const r = quotesOf(said).find((x) => x.text.includes('a slow disaster'));
  assert.equal(r?.speakerMention ? said.slice(r.speakerMention.start, r.speakerMention.end) : null, 'Ortiz');
  // "what’s now called “…”" is a passive that names no one.
  const passive = `${INTRO}Scientists hope one day to use the cells for what’s today typically called “tissue repair.”`;
  assert.ok(!quotesOf(passive).some((x) => x.cue === 'called' && x.speakerMention), JSON.stringify(quotesOf(passive).map((x) => [x.cue, x.text])));
});

test('a capitalised cue form inside a name in running text is not a verb', () => {
  for (const text of [
    `${INTRO}Hale last week invited hackers to dig up thousands of "lost" memos from her time at the U.S. State Department.`,
    `${INTRO}Front-runner Dana Hale - who once said she would "clear out" towns held by the Islamic State - said at a rally in Ohio that the war would end soon.`,
  ]) {
    const quotes = quotesOf(text);
    assert.ok(!quotes.some((x) => x.cue === 'State'), JSON.stringify(quotes.map((x) => [x.cue, x.text])));
  }
});

test('"made it clear" after "although" opens an attribution of its own that ends the clause before it', () => {
  const text = `${INTRO}Ortiz endorsed the harbor deal, although she made it clear that she has “serious concerns” about the cost.`;
  const q = quotesOf(text).find((x) => x.text.includes('serious concerns'));
  assert.ok(q, JSON.stringify(quotesOf(text).map((x) => x.text)));
  assert.equal(q.cue, 'made it clear');
  assert.ok(!q.text.includes('harbor deal'), q.text);
});

test('a label in capitals before a colon at a line’s end heads a section; it is no cue', () => {
  const text = `${INTRO}SHORT READS:\n\n—"Ferry fares rise again," by the Riverton Courier's Ana Brandt.\n\nHARBOR NOTES:\n\nHale says the cables are old.`;
  const quotes = quotesOf(text);
  assert.ok(!quotes.some((x) => x.cue === 'READS'), JSON.stringify(quotes.map((x) => [x.cue, x.text])));
  // A cue in the running text below still counts.
  assert.ok(quotes.some((x) => x.cue === 'says' && x.text.includes('cables are old')), JSON.stringify(quotes.map((x) => [x.cue, x.text])));
});

test('a text that ends on a comma after a name or a title is read without error', () => {
  for (const text of [', Ana Brandt,', 'The Harbour League Secretary General, ', `${INTRO}Ortiz said the plan was sound, Hale,`]) {
    assert.doesNotThrow(() => quotesOf(text), JSON.stringify(text));
  }
});
