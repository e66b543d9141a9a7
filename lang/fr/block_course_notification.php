<?php
// This file is part of Moodle - https://moodle.org/
//
// Moodle is free software: you can redistribute it and/or modify
// it under the terms of the GNU General Public License as published by
// the Free Software Foundation, either version 3 of the License, or
// (at your option) any later version.
//
// Moodle is distributed in the hope that it will be useful,
// but WITHOUT ANY WARRANTY; without even the implied warranty of
// MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE.  See the
// GNU General Public License for more details.
//
// You should have received a copy of the GNU General Public License
// along with Moodle.  If not, see <https://www.gnu.org/licenses/>.

/**
 * French strings of the course notifications block.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

defined('MOODLE_INTERNAL') || die();

$string['action:resend'] = 'Renvoyer';
$string['action:resend_confirm'] = 'Envoyer à nouveau « {$a->notification} » à {$a->user} ? Le message retourne dans la file et part à la prochaine exécution.';
$string['action:resend_done'] = '« {$a->notification} » sera envoyé à nouveau à {$a->user} à la prochaine exécution.';
$string['action:resend_noapply'] = 'Renvoyer ne s\'applique plus à « {$a->notification} » pour {$a->user} : le message est en cours d\'envoi, ou attend de partir. Le rapport montre où il en est.';
$string['action:reset'] = 'Réinitialiser';
$string['action:reset_confirm'] = 'Réinitialiser « {$a->notification} » pour {$a->user} ? La trace de ce message, qui n\'a pas été envoyé, est supprimée : le moteur décide à nouveau à sa prochaine exécution, et le remet en file s\'il est toujours dû.';
$string['action:reset_done'] = '« {$a->notification} » a été réinitialisé pour {$a->user}.';
$string['action:reset_noapply'] = 'Réinitialiser ne s\'applique plus à « {$a->notification} » pour {$a->user} : le message a été envoyé, ou est en cours d\'envoi. Le rapport montre où il en est.';
$string['adminnotice:engine'] = 'Notifications de cours : {$a->summary} Rien n\'est envoyé tant que ce n\'est pas corrigé ; les messages en file et les changements des apprenants attendent, et les mises à jour de Moodle ne sont pas bloquées. <a href="{$a->url}">Que faire</a>';
$string['block:computed'] = 'Prévisions et nombre de messages retenus calculés à {$a}.';
$string['block:counts'] = 'Messages de ce cours';
$string['block:duenext'] = 'À envoyer à la prochaine exécution';
$string['block:enabled'] = 'Notifications activées';
$string['block:forecast'] = 'Les {$a} prochains jours';
$string['block:forecastday'] = '{$a} à envoyer';
$string['block:forecastnone'] = 'Rien à envoyer dans les prochains jours.';
$string['block:lastrun'] = 'Dernière exécution de la tâche : {$a}';
$string['block:never'] = 'jamais';
$string['block:noneenabled'] = 'Aucune notification n\'est activée dans ce cours.';
$string['block:upcoming'] = 'Vos prochains rappels dans ce cours :';
$string['cachedef_blockcourses'] = 'Cours portant le bloc de notifications de cours';
$string['cannotresendforgotten'] = 'Ce message a été supprimé à la demande de l\'utilisateur (vie privée) : seule subsiste la trace de son envoi, il ne peut donc pas être renvoyé.';
$string['cannotresetsent'] = 'Un message envoyé, ou en cours d\'envoi, ne peut pas être réinitialisé : sa trace est ce qui empêche de l\'envoyer deux fois. Utilisez Renvoyer pour l\'envoyer à nouveau.';
$string['check:engine'] = 'Moteur des notifications de cours';
$string['check:engine:cronmismatch'] = 'Le PHP qui exécute le cron, {$a->php}, charge l\'extension course_notification en version {$a->found} ; ce plugin attend la version {$a->expected}.';
$string['check:engine:cronmismatch_details'] = 'C\'est ce que les tâches ont trouvé à leurs exécutions depuis le {$a->since}, alors que le PHP du serveur web charge la bonne version : l\'ini de la ligne de commande désigne une autre compilation, ou le cron utilise un autre PHP.';
$string['check:engine:cronmissing'] = 'Le PHP qui exécute le cron, {$a->php}, ne charge pas l\'extension course_notification : les tâches n\'envoient rien.';
$string['check:engine:cronmissing_details'] = 'C\'est ce que les tâches ont trouvé à leurs exécutions depuis le {$a->since}, alors que le PHP du serveur web la charge : la ligne de commande a son propre ini (par exemple /etc/php/X.Y/cli/conf.d), qui n\'active pas l\'extension, ou le cron utilise une autre version de PHP.';
$string['check:engine:database'] = 'Le moteur de notifications ne lit pas la base de données de ce site (« {$a} ») : aucune notification de cours n\'est envoyée.';
$string['check:engine:database_details'] = 'Le moteur lit les bases MariaDB, MySQL et PostgreSQL, celles des pilotes mariadb, mysqli, auroramysql et pgsql de Moodle. Sous SQL Server ou Oracle, le bloc affiche ses pages mais ses tâches n\'envoient rien et le disent dans leur journal.';
$string['check:engine:fix'] = 'Que faire : l\'extension est compilée pour une version mineure de PHP et un mode de threads ; une mise à jour de PHP (de 8.2 à 8.3, par exemple) demande donc de la recompiler. Dans un clone des sources de cette version du plugin, compilez-la pour le PHP qui exécute Moodle (<code>PHP_CONFIG=/usr/bin/php-config8.3 cargo build --release</code>), activez <code>extension=/chemin/vers/target/release/libcourse_notification.so</code> dans l\'ini de la ligne de commande (cron) et dans celui du serveur web, redémarrez PHP-FPM, puis rechargez cette page. Le README du plugin détaille chaque étape sous « After a PHP update ». En attendant, les mises à jour de Moodle ne sont pas bloquées, les tâches n\'envoient rien et le disent dans leur journal, et les messages en file et les changements des apprenants attendent : la première exécution après la correction les traite.';
$string['check:engine:mismatch'] = 'Ce PHP, {$a->php}, charge l\'extension course_notification en version {$a->found} ; ce plugin attend la version {$a->expected}.';
$string['check:engine:mismatch_details'] = 'L\'extension et le plugin ne proviennent pas de la même version : le plugin a été mis à jour sans recompiler l\'extension, ou l\'inverse. Le moteur peut encore fonctionner, mais il n\'a pas été écrit pour la partie PHP de ce plugin.';
$string['check:engine:missing'] = 'Ce PHP, {$a->php}, ne charge pas l\'extension course_notification : aucune notification de cours n\'est envoyée.';
$string['check:engine:missing_details'] = 'Après une mise à jour de PHP, c\'est attendu : PHP refuse une extension compilée pour une autre version mineure (son journal indique « Module compiled with module API=… »), et l\'ini du nouveau PHP ne l\'active pas encore.';
$string['check:engine:ok'] = 'L\'extension course_notification {$a->found} est chargée par ce PHP, {$a->php}.';
$string['cli:badforecast'] = '--forecast attend un nombre de jours de 1 à 366.';
$string['cli:badids'] = '--{$a} attend une liste d\'identifiants séparés par des virgules, par exemple --{$a}=2,5.';
$string['cli:exclusive'] = '--dryrun, --markonly et --forecast ne peuvent pas être combinés.';
$string['cli:forecastby'] = 'cours {$a->courseid} {$a->notification} : {$a->count}';
$string['cli:forecastday'] = '{$a->date} : {$a->due} à envoyer, capacité {$a->capacity}, reportés {$a->pushed_back}, retenus par le budget quotidien {$a->held}';
$string['cli:forecastheader'] = 'Prévision pour les {$a->days} prochains jours ({$a->runs} exécutions par jour, selon la tâche planifiée) :';
$string['cli:forecasttotal'] = 'Total à envoyer : {$a}';
$string['cli:help'] = 'Exécute une fois les notifications de cours, ou prévoit les jours à venir.

Options :
-c, --courses=1,2   Seulement ces cours (identifiants)
-u, --users=3,4     Seulement ces utilisateurs (identifiants)
-n, --dryrun        Décider seulement : aucun courriel, rien d\'écrit, aucun événement
-m, --markonly      Marquer comme traité ce qui est dû, sans l\'envoyer
-v, --verbose       Afficher la trace : une ligne par décision, avec la règle qui l\'a écartée
-f, --forecast=JOURS Ce que les JOURS prochains jours enverront, et ce que le plafond par exécution reportera
-j, --json          Afficher le résultat en JSON
    --force         Exécuter même si les notifications sont désactivées pour le site (enable)
-h, --help          Afficher cette aide

Codes de sortie :
0  terminé (les messages refusés par le serveur de courriel sont listés, puis réessayés ou notés en échec)
1  l\'exécution n\'a pas pu aller au bout : moteur absent, panne de la base de données ou du serveur de courriel
2  arguments incorrects
3  rien fait : notifications désactivées pour le site, ou une autre exécution tient le verrou

Exemple :
php blocks/course_notification/cli/process_notifications.php --courses=2 --dryrun --verbose';
$string['cli:mode'] = 'Mode : {$a}';
$string['cli:novalue'] = '--{$a} ne prend pas de valeur.';
$string['cli:seehelp'] = 'Voir --help.';
$string['cli:unknownoption'] = 'Option inconnue : {$a}';
$string['config:add'] = 'Ajouter une notification à ce cours';
$string['config:add_desc'] = 'Saisissez un code pour ajouter une notification propre à ce cours, sur n\'importe quel déclencheur. Elle n\'envoie que ce qui devient dû après son activation. Laissez le code vide pour ne rien ajouter.';
$string['config:body'] = 'Corps ({$a})';
$string['config:code'] = 'Code';
$string['config:code_help'] = 'Un identifiant court, utilisé dans les traces et le rapport : 1 à 64 lettres minuscules, chiffres ou soulignés, par exemple <code>mi_parcours</code>. Il ne peut pas être le code d\'une notification que le cours a déjà.';
$string['config:current'] = 'S\'applique actuellement';
$string['config:delete'] = 'Supprimer cette notification';
$string['config:display'] = 'Affichage';
$string['config:enabled'] = 'Activée';
$string['config:essential'] = 'Essentielle';
$string['config:essential_help'] = 'Une notification essentielle est envoyée quoi que l\'apprenant ait refusé (ce type de notification, ce cours ou toutes les notifications de cours), et n\'est jamais retenue par le quota quotidien ni par l\'écart minimal, même si elle y compte. Les apprenants la voient sur leur page de préférences comme toujours envoyée. À utiliser pour les avis qu\'un apprenant doit recevoir, par exemple quand un contrat impose de le prévenir de la fin de son accès. Hériter reprend la valeur fixée pour le site ou la catégorie.';
$string['config:essentialinherit'] = 'Hériter';
$string['config:essentialinherited'] = 'Hériter ({$a->value}, de {$a->source})';
$string['config:essentialset'] = 'Oui : envoyée quoi que les apprenants aient refusé (fixé par un administrateur du site)';
$string['config:inheritedadded'] = 'ajoutée au-dessus de ce cours';
$string['config:noengine'] = 'Le moteur de notifications ne peut pas indiquer les valeurs héritées par ce cours ; seul ce que ce cours définit est affiché. {$a}';
$string['config:notifications'] = 'Notifications';
$string['config:off'] = 'désactivée';
$string['config:offset'] = 'Quand';
$string['config:offset_help'] = 'Jours après le déclencheur (un nombre négatif : jours avant). 0 envoie le jour du déclencheur.';
$string['config:offsetunit'] = 'jours après le déclencheur (négatif : avant)';
$string['config:on'] = 'activée';
$string['config:override'] = 'Remplacer';
$string['config:overrideinherited'] = 'Remplacer (hérité de : {$a})';
$string['config:placeholders'] = 'Variables utilisables dans les objets et les corps : {$a}';
$string['config:repeat'] = 'Répétition';
$string['config:repeat_help'] = 'Jours entre deux envois (0 : pas de répétition), et nombre maximal d\'envois (0 : sans limite).';
$string['config:repeatevery'] = 'tous les (jours)';
$string['config:repeatmax'] = 'au plus (fois)';
$string['config:showlearners'] = 'Montrer aux participants leurs prochains rappels';
$string['config:showlearners_help'] = 'Si activé, les participants voient dans ce bloc les rappels qu\'ils doivent recevoir dans les deux semaines à venir. Sinon, le bloc leur est caché.';
$string['config:subject'] = 'Objet ({$a})';
$string['config:summary'] = '{$a->state} ; {$a->offset} jours à partir de : {$a->trigger}.';
$string['config:summaryrepeat'] = 'Répétée tous les {$a->every} jours (au plus {$a->max}, 0 = sans limite).';
$string['config:texts'] = 'Textes en {$a}';
$string['config:trigger'] = 'Déclencheur';
$string['course_notification:addinstance'] = 'Ajouter un bloc de notifications de cours';
$string['course_notification:benotified'] = 'Recevoir les notifications de cours en tant qu\'apprenant';
$string['course_notification:excludefromnotification'] = 'Être exclu des notifications de cours';
$string['course_notification:setup'] = 'Configurer les notifications de cours';
$string['enginefailed'] = 'Le moteur de notifications a échoué : {$a}';
$string['enginetimeout'] = 'Les notifications du cours n\'ont pas pu être calculées à temps : le site est chargé. Réessayez dans quelques minutes.';
$string['engineunavailable'] = 'Les notifications du cours ne peuvent pas être calculées pour le moment. Si cela dure, prévenez l\'administrateur du site (avec le débogage activé, la page en montre la cause).';
$string['environment:extensionmissing'] = 'Recommandée : l\'extension PHP course_notification, compilée à partir des sources du plugin, est le moteur du bloc de notifications de cours. Sans elle rien n\'est envoyé (Administration du site > Rapports > État du système affiche alors une erreur), mais rien d\'autre n\'est touché et les mises à jour de Moodle se poursuivent. Compilez-la pour ce PHP et activez-la pour le serveur web et la ligne de commande (README du plugin : « Installing in a Moodle site » et « After a PHP update »).';
$string['error:code'] = 'Utilisez 1 à 64 lettres minuscules, chiffres ou soulignés.';
$string['error:codeexists'] = 'Ce cours a déjà une notification avec ce code.';
$string['error:essential'] = 'Choisissez hériter, oui ou non.';
$string['error:notext'] = 'Rédigez un objet et un corps dans au moins une langue.';
$string['error:oneline'] = 'L\'objet doit tenir sur une ligne.';
$string['error:range'] = 'Saisissez un nombre entier de {$a->min} à {$a->max}.';
$string['error:recipients'] = 'Écrivez learner et/ou role:ID, séparés par des virgules.';
$string['error:required'] = 'Obligatoire.';
$string['error:template'] = 'Ce modèle ne peut pas être utilisé : {$a}';
$string['error:toolong'] = '{$a} caractères au plus.';
$string['error:trigger'] = 'Choisissez un déclencheur.';
$string['event:notificationsent'] = 'Notification de cours envoyée';
$string['export:date'] = 'Date';
$string['export:error'] = 'Dernière erreur';
$string['export:fullname'] = 'Nom complet';
$string['export:notification'] = 'Notification';
$string['export:reason'] = 'Motif';
$string['export:rule'] = 'Règle';
$string['export:state'] = 'État';
$string['extensionmissing'] = 'L\'extension PHP course_notification n\'est pas chargée : les notifications de cours ne peuvent pas être traitées. Demandez à l\'administrateur du site de l\'installer (voir Administration du site > Rapports > État du système).';
$string['invalidaction'] = 'Action inconnue.';
$string['messageprovider:mail'] = 'Notifications de cours par courriel';
$string['messageprovider:notification'] = 'Rappels sur vos cours (ouverture, fin d\'accès, inactivité, achèvement)';
$string['messages:course'] = 'Accéder au cours';
$string['messages:crashed'] = 'Abandonnée : chacune des 5 dernières remises à l\'API de messagerie de Moodle a interrompu le processus avant que son résultat soit enregistré.';
$string['messages:notsent'] = 'Moodle n\'a pas accepté la notification (l\'utilisateur n\'existe peut-être plus).';
$string['migrate:done'] = 'Migration depuis le plugin d\'origine : {$a->outbox} notifications déjà envoyées, {$a->instances} instances du bloc, {$a->definitions} réglages de cours, {$a->texts} textes ({$a->skippedtexts} textes écartés car refusés par le moteur).';
$string['notenrolled'] = 'Cet utilisateur n\'est pas inscrit au cours.';
$string['notif:closed'] = 'Accès terminé';
$string['notif:coldfeedback'] = 'Demande d\'avis après l\'achèvement';
$string['notif:completed'] = 'Cours achevé';
$string['notif:firstassign'] = 'Bienvenue (ouverture de l\'accès)';
$string['notif:firstcall'] = 'Première relance (jamais venu)';
$string['notif:fivedaystoend'] = 'Fin de l\'accès dans 5 jours';
$string['notif:inactive'] = 'Relance d\'inactivité';
$string['notif:onedaytoend'] = 'Fin de l\'accès demain';
$string['notif:oneweeknearend'] = 'Fin de l\'accès dans une semaine';
$string['notif:secondcall'] = 'Seconde relance (jamais venu)';
$string['notif:threedaystoend'] = 'Fin de l\'accès dans 3 jours';
$string['notif:twoweeksnearend'] = 'Fin de l\'accès dans deux semaines';
$string['outbox:failed'] = 'Échec';
$string['outbox:marked'] = 'Marqué comme envoyé (sans courriel)';
$string['outbox:pending'] = 'En attente';
$string['outbox:sending'] = 'En cours d\'envoi';
$string['outbox:sent'] = 'Envoyé';
$string['output:email'] = 'Courriel';
$string['output:message'] = 'Notification Moodle';
$string['pluginname'] = 'Notifications de cours';
$string['prefs:coursegone'] = 'un cours qui n\'existe plus';
$string['prefs:courses'] = 'Tout ce qui vient d\'un cours';
$string['prefs:courseshelp'] = 'Décochez un cours pour arrêter toutes ses notifications.';
$string['prefs:essentialitem'] = '{$a->name} ({$a->where})';
$string['prefs:essentials'] = 'Toujours envoyées';
$string['prefs:essentialshelp'] = 'L\'administrateur du site a marqué ces notifications comme essentielles : elles sont envoyées quoi que vous choisissiez sur cette page.';
$string['prefs:everycourse'] = 'tous vos cours';
$string['prefs:intro'] = 'Choisissez les courriels sur vos cours que vous recevez. Une case cochée signifie que vous les recevez. Cela ne change pas les notifications du reste du site.';
$string['prefs:link'] = 'Préférences des notifications de cours';
$string['prefs:save'] = 'Enregistrer';
$string['prefs:saved'] = 'Vos préférences de notifications de cours ont été enregistrées.';
$string['prefs:specific'] = 'Arrêtées depuis un courriel';
$string['prefs:specifichelp'] = 'Vous les avez arrêtées avec le lien de désabonnement d\'un courriel.';
$string['prefs:specificitem'] = '{$a->topic}, de {$a->course}';
$string['prefs:title'] = 'Préférences des notifications de cours';
$string['prefs:topics'] = 'Types de notifications, dans tous les cours';
$string['prefs:undo'] = 'Recevoir à nouveau';
$string['prefs:undone'] = 'Vous les recevrez à nouveau : {$a->topic}, de {$a->course}.';
$string['privacy:metadata:block_cnotif_audit'] = 'Le résultat de chaque envoi (envoyé, ou en échec définitif), conservé pendant la durée d\'audit fixée par l\'administrateur.';
$string['privacy:metadata:block_cnotif_audit:courseid'] = 'Le cours dont parle la notification.';
$string['privacy:metadata:block_cnotif_audit:detail'] = 'La réponse du serveur de courriel quand l\'envoi a échoué.';
$string['privacy:metadata:block_cnotif_audit:notification'] = 'La notification envoyée.';
$string['privacy:metadata:block_cnotif_audit:output'] = 'Si elle est partie par courriel ou en notification Moodle.';
$string['privacy:metadata:block_cnotif_audit:recipientid'] = 'L\'utilisateur qui l\'a reçue.';
$string['privacy:metadata:block_cnotif_audit:status'] = 'Si elle a été envoyée ou a échoué.';
$string['privacy:metadata:block_cnotif_audit:timeoutcome'] = 'Quand elle a été envoyée ou a échoué.';
$string['privacy:metadata:block_cnotif_audit:userid'] = 'L\'apprenant dont elle parle.';
$string['privacy:metadata:block_cnotif_outbox'] = 'Une ligne par message de notification préparé pour un utilisateur au sujet d\'un cours, avec son contenu et son état d\'envoi.';
$string['privacy:metadata:block_cnotif_outbox:bodyhtml'] = 'Le corps HTML du message.';
$string['privacy:metadata:block_cnotif_outbox:bodytext'] = 'Le corps texte du message.';
$string['privacy:metadata:block_cnotif_outbox:courseid'] = 'Le cours concerné par le message.';
$string['privacy:metadata:block_cnotif_outbox:lang'] = 'La langue dans laquelle le message a été rédigé.';
$string['privacy:metadata:block_cnotif_outbox:lasterror'] = 'La dernière erreur rencontrée lors de l\'envoi du message.';
$string['privacy:metadata:block_cnotif_outbox:mailformat'] = 'Si l\'utilisateur reçoit ses courriels en texte seul ou en texte et HTML, copié de son profil lors de la préparation du message.';
$string['privacy:metadata:block_cnotif_outbox:notification'] = 'Le type de notification, par exemple un message d\'accueil ou un rappel de fin d\'accès.';
$string['privacy:metadata:block_cnotif_outbox:output'] = 'Si le message part par courriel ou en notification Moodle.';
$string['privacy:metadata:block_cnotif_outbox:recipient'] = 'L\'adresse électronique à laquelle le message est envoyé.';
$string['privacy:metadata:block_cnotif_outbox:recipientid'] = 'L\'utilisateur à qui le message est destiné (l\'apprenant, ou un membre de l\'équipe du cours pour une copie).';
$string['privacy:metadata:block_cnotif_outbox:recipientname'] = 'Le nom du destinataire.';
$string['privacy:metadata:block_cnotif_outbox:status'] = 'L\'état d\'envoi du message.';
$string['privacy:metadata:block_cnotif_outbox:subject'] = 'L\'objet du message.';
$string['privacy:metadata:block_cnotif_outbox:timecreated'] = 'La date de préparation du message.';
$string['privacy:metadata:block_cnotif_outbox:timedue'] = 'La date à laquelle le message est devenu dû.';
$string['privacy:metadata:block_cnotif_outbox:timesent'] = 'La date d\'envoi du message.';
$string['privacy:metadata:block_cnotif_outbox:userid'] = 'L\'utilisateur à qui le message est destiné.';
$string['privacy:metadata:block_cnotif_pref'] = 'Ce que l\'utilisateur a choisi de ne plus recevoir : un type de notification de cours, les notifications d\'un cours, ou toutes.';
$string['privacy:metadata:block_cnotif_pref:courseid'] = 'Le cours auquel s\'applique le choix (aucun : tous les cours).';
$string['privacy:metadata:block_cnotif_pref:source'] = 'Où le choix a été fait : la page des préférences, ou le lien de désabonnement d\'un courriel.';
$string['privacy:metadata:block_cnotif_pref:timecreated'] = 'Quand le choix a été fait.';
$string['privacy:metadata:block_cnotif_pref:topic'] = 'Le type de notification que l\'utilisateur ne reçoit plus, ou toutes.';
$string['privacy:metadata:block_cnotif_pref:userid'] = 'L\'utilisateur qui a fait le choix.';
$string['privacy:metadata:core_message'] = 'Quand le site les envoie aussi en notifications Moodle, les messages passent par la messagerie de Moodle.';
$string['privacy:metadata:smtp'] = 'Les messages de notification sont remis au serveur de messagerie (SMTP) configuré pour le site, qui les achemine hors de Moodle.';
$string['privacy:metadata:smtp:body'] = 'Le corps du message.';
$string['privacy:metadata:smtp:recipient'] = 'L\'adresse électronique et le nom du destinataire.';
$string['privacy:metadata:smtp:subject'] = 'L\'objet du message.';
$string['privacy:path'] = 'Notifications de cours';
$string['privacy:path:optouts'] = 'Notifications que vous avez choisi de ne plus recevoir';
$string['report:allnotifications'] = 'Toutes les notifications';
$string['report:allstates'] = 'Tous les états';
$string['report:back'] = 'Retour au rapport';
$string['report:download'] = 'Télécharger le rapport';
$string['report:filter'] = 'Filtrer';
$string['report:legend'] = 'Envoyé : avec sa date. En attente : dans la file, avec sa date d\'échéance. Échec : avec la dernière réponse du serveur de courriel. Dû : la prochaine exécution l\'envoie. Retenu : le moteur le retient actuellement, avec sa règle et son motif. Rien : aucune occurrence pour ce participant. Non calculé : la partie du moteur manque sur cette page (voir l\'avis ci-dessus) ; seul ce que la file enregistre est affiché.';
$string['report:notification'] = 'Notification';
$string['report:off'] = '{$a} (désactivée)';
$string['report:rule'] = 'Règle {$a}';
$string['report:search'] = 'Nom, ou une donnée affichée dans le tableau';
$string['report:state'] = 'État';
$string['report:title'] = 'Rapport des notifications';
$string['report:total'] = '{$a} participants';
$string['report:totalone'] = '1 participant';
$string['report:why'] = 'Pourquoi ?';
$string['settings:audience'] = 'Ce que reçoit chaque apprenant';
$string['settings:audience_desc'] = 'Ces réglages s\'appliquent à chaque apprenant sur l\'ensemble de ses cours. Les apprenants peuvent refuser les notifications de cours par le lien au bas de chaque courriel, ou depuis leurs préférences ; les notifications marquées essentielles sont toujours envoyées.';
$string['settings:auditretention'] = 'Conserver l\'audit des envois (jours)';
$string['settings:auditretention_desc'] = 'Chaque envoi (réussi, ou en échec définitif) est noté dans une table d\'audit et comme événement dans les journaux du site. Les lignes d\'audit plus anciennes sont supprimées chaque nuit ; 0 les conserve. Ce qui empêche d\'envoyer deux fois une notification n\'est jamais supprimé.';
$string['settings:boundedint'] = 'Saisissez un nombre entier de {$a->min} à {$a->max}.';
$string['settings:cap'] = 'Messages par exécution';
$string['settings:cap_desc'] = 'Le nombre maximal de messages qu\'une exécution de la tâche de notification peut envoyer. Ce qui est retenu part en premier à l\'exécution suivante : un retard (par exemple après l\'installation) se résorbe ainsi sur plusieurs exécutions au lieu d\'engorger le serveur de messagerie.';
$string['settings:catalogue'] = 'Notifications par défaut';
$string['settings:catalogue_desc'] = 'Les notifications intégrées qui s\'appliquent dans chaque cours, et leurs délais. Un cours peut les modifier dans les réglages de son bloc ; ce qu\'il ne modifie pas suit ces valeurs.';
$string['settings:dailybudget'] = 'Courriels de notification par apprenant et par jour';
$string['settings:dailybudget_desc'] = 'Le nombre maximal de courriels de notification qu\'un apprenant reçoit en une journée, tous cours confondus (0 : sans limite). Ce qui dépasse n\'est jamais abandonné : il attend le lendemain, l\'échéance la plus proche d\'abord, et la prévision le montre. Un apprenant inscrit à de nombreux cours reçoit ainsi les avis les plus urgents d\'abord, quelques-uns par jour. Les notifications essentielles comptent mais ne sont jamais retenues.';
$string['settings:delivery'] = 'Envoi';
$string['settings:digest'] = 'Un seul courriel pour les notifications d\'un apprenant';
$string['settings:digest_desc'] = 'Quand un apprenant a plusieurs notifications dues au même moment (dans plusieurs cours, ou une relance et un rappel), il reçoit un seul courriel qui les liste toutes, dans sa langue, avec le lien de chaque cours, au lieu d\'un courriel chacune. Un récapitulatif compte pour un courriel dans le quota quotidien.';
$string['settings:enable'] = 'Envoyer les notifications de cours';
$string['settings:enable_desc'] = 'Désactivé, la tâche de notification et l\'observateur d\'achèvement de cours ne font rien. La tâche programmée doit aussi être activée dans Administration du site > Serveur > Tâches programmées.';
$string['settings:engine'] = 'Moteur de notifications';
$string['settings:engineloaded'] = 'L\'extension course_notification est chargée, en version {$a->found} (ce plugin attend la version {$a->expected}).';
$string['settings:enginemissing'] = 'L\'extension PHP {$a} n\'est pas chargée : aucune notification ne peut être envoyée tant qu\'elle n\'est pas installée et activée.';
$string['settings:evaluateevery'] = 'Évaluer toutes les (minutes)';
$string['settings:evaluateevery_desc'] = 'La fréquence à laquelle la tâche de notification relit tous les apprenants pour décider de ce qui est dû. Entre deux évaluations, une exécution envoie seulement ce qui attend déjà, ce qui ne coûte presque rien. Les notifications se comptent en jours calendaires : quelques minutes ne changent rien pour un apprenant ; sur un très grand site, un intervalle plus long ménage la base de données. 0 évalue à chaque exécution. Les inscriptions, achèvements et modifications de profil sont évalués aussitôt, quel que soit ce réglage.';
$string['settings:firstcalldelay'] = 'Premier rappel après (jours)';
$string['settings:firstcalldelay_desc'] = 'Jours après l\'ouverture de l\'accès avant le premier rappel aux apprenants jamais venus dans le cours.';
$string['settings:inactivitydelay'] = 'Rappel d\'inactivité après (jours)';
$string['settings:inactivitydelay_desc'] = 'Jours sans venir dans le cours avant le premier rappel d\'inactivité.';
$string['settings:inactivityfrequency'] = 'Répéter le rappel d\'inactivité tous les (jours)';
$string['settings:inactivityfrequency_desc'] = 'Jours entre deux rappels d\'inactivité tant que l\'apprenant reste absent.';
$string['settings:messageoutput'] = 'Envoyer aussi en notifications Moodle';
$string['settings:messageoutput_desc'] = 'Chaque message part aussi vers la cloche de notifications et l\'application mobile, selon les préférences de notification de chacun. Le courriel est toujours envoyé par le moteur.';
$string['settings:mingap'] = 'Écart minimal entre deux courriels (minutes)';
$string['settings:mingap_desc'] = 'Un apprenant ne reçoit aucun courriel de notification moins de ce nombre de minutes après le précédent (0 : aucun écart ; au plus 10080, une semaine). Ce qui doit attendre part lors d\'une exécution ultérieure. Les notifications essentielles ne sont pas retenues.';
$string['settings:pagedeadline'] = 'Délai du moteur pour les pages (secondes)';
$string['settings:pagedeadline_desc'] = 'Le temps que le bloc, les prochains rappels des apprenants, le rapport et le formulaire des notifications attendent le moteur. Quand la base de données est plus lente (une longue sauvegarde ou mise à jour qui verrouille une table, par exemple), la page s\'affiche sans les chiffres du moteur et le signale, au lieu de rester bloquée. Les exécutions planifiées et la ligne de commande n\'ont pas de délai. De 1 à 300.';
$string['settings:positiveint'] = 'Saisissez un nombre entier supérieur à zéro.';
$string['settings:positiveintmax'] = 'Saisissez un nombre entier de 1 à {$a}.';
$string['settings:rotatesecret'] = 'Révoquer tous les liens de désinscription';
$string['settings:rotatesecret_desc'] = 'Chaque courriel porte un lien de désinscription en un clic, signé avec une clé secrète de ce site qui n\'est jamais affichée. Cochez cette case et enregistrez pour remplacer la clé : tous les liens de désinscription déjà envoyés cessent alors de fonctionner (les apprenants peuvent toujours se désinscrire depuis leur page de préférences, et les courriels suivants portent de nouveaux liens). À faire si la clé a pu fuiter, par exemple avec une copie de la base de données du site.';
$string['settings:rotatesecret_last'] = 'La clé a été remplacée pour la dernière fois le {$a}.';
$string['settings:rotatesecret_never'] = 'La clé n\'a pas été remplacée depuis l\'installation du plugin.';
$string['settings:secondcalldelay'] = 'Second rappel après (jours)';
$string['settings:secondcalldelay_desc'] = 'Jours après l\'ouverture de l\'accès avant le second rappel aux apprenants jamais venus dans le cours.';
$string['settings:smtpallowplainauth'] = 'Mot de passe SMTP sans chiffrement';
$string['settings:smtpallowplainauth_desc'] = 'Quand « Sécurité SMTP » est vide, le moteur utilise STARTTLS dès que le serveur de courriel le propose. Si le serveur ne propose pas STARTTLS et qu\'une authentification SMTP est configurée, le moteur refuse d\'envoyer le mot de passe en clair et n\'envoie rien. Ne cochez ceci que si le serveur de courriel est sur un réseau de confiance (par exemple la même machine).';
$string['settings:title'] = 'Réglages des notifications de cours';
$string['settings:window_none'] = 'Pas de plage : envoi à toute heure';
$string['settings:windowend'] = 'Fin de la plage d\'envoi';
$string['settings:windowend_desc'] = 'Première heure, dans le fuseau du destinataire, où les messages ne partent plus. Une heure de fin avant l\'heure de début donne une plage de nuit.';
$string['settings:windowstart'] = 'Début de la plage d\'envoi';
$string['settings:windowstart_desc'] = 'Les messages ne partent qu\'entre cette heure et l\'heure de fin, dans le fuseau horaire de chaque destinataire. Ce que la plage retient attend dans la file d\'envoi et part en premier à son ouverture.';
$string['settings:windowweekdays'] = 'Jours ouvrés seulement';
$string['settings:windowweekdays_desc'] = 'Retenir aussi les messages le samedi et le dimanche (dans le calendrier du destinataire).';
$string['sitenotifications'] = 'Notifications du site';
$string['sitenotifications:add'] = 'Ajouter une notification du site';
$string['sitenotifications:deleteconfirm'] = 'Supprimer les valeurs et textes du site pour « {$a} » ? Une notification intégrée reprend alors ses valeurs intégrées ; une notification ajoutée au niveau du site disparaît de chaque cours qui ne la définit pas.';
$string['sitenotifications:deleted'] = 'Supprimé : les valeurs intégrées s\'appliquent de nouveau.';
$string['sitenotifications:edit'] = 'Modifier {$a}';
$string['sitenotifications:intro'] = 'Les notifications définies ici s\'appliquent dans chaque cours portant le bloc, sauf si un cours les modifie. Modifiez les textes d\'une notification intégrée, ou ajoutez une notification sur n\'importe quel déclencheur.';
$string['sitenotifications:latelimit'] = 'Ne jamais envoyer plus tard que (jours après l\'échéance)';
$string['sitenotifications:none'] = 'Aucune notification n\'est définie au niveau du site : chaque cours utilise le catalogue intégré.';
$string['sitenotifications:offsetdays'] = 'Jours après le déclencheur (négatif : avant)';
$string['sitenotifications:recipients'] = 'Destinataires (learner, role:ID, séparés par des virgules)';
$string['sitenotifications:repeatevery'] = 'Répéter tous les (jours, 0 : jamais)';
$string['sitenotifications:repeatmax'] = 'Répéter au plus (0 : sans limite)';
$string['sitenotifications:saved'] = 'Enregistré.';
$string['sitenotifications:texts'] = 'Objet et corps par langue (vide : le texte intégré)';
$string['source:builtin'] = 'la valeur par défaut';
$string['source:context'] = '{$a}';
$string['source:course'] = 'ce cours';
$string['source:site'] = 'le site';
$string['state:due'] = 'Dû';
$string['state:failed'] = 'Échec';
$string['state:none'] = 'Rien';
$string['state:pending'] = 'En attente';
$string['state:sent'] = 'Envoyé';
$string['state:trapped'] = 'Retenu';
$string['state:unknown'] = 'Non calculé';
$string['status:disabled'] = 'L\'envoi est désactivé pour le site.';
$string['status:diverted'] = 'Tous les courriels de ce site sont détournés vers {$a} ($CFG->divertallemailsto) : les participants ne reçoivent rien directement.';
$string['status:enabled'] = 'L\'envoi est activé pour le site.';
$string['status:engineloaded'] = 'Le moteur de notifications {$a} est chargé.';
$string['status:enginemissing'] = 'Le moteur de notifications n\'est pas installé sur ce serveur : aucune notification n\'est envoyée. Merci de prévenir l\'administrateur du site.';
$string['status:enginenotloaded'] = 'Moteur de notifications non chargé.';
$string['status:mailoff'] = 'Le courriel est désactivé pour ce site ($CFG->noemailever) : rien n\'est envoyé. {$a} message(s) attendent dans la file ; ils partiront quand le courriel sera réactivé.';
$string['status:ready'] = 'Tout est en place : les notifications dues partent à chaque exécution de la tâche.';
$string['status:taskdisabled'] = 'La tâche de notification est désactivée.';
$string['status:taskenabled'] = 'La tâche de notification est activée.';
$string['status:versionmismatch'] = 'Le moteur de notifications est en version {$a->found}, mais ce plugin attend la version {$a->expected}.';
$string['task:auditcleaned'] = 'Lignes d\'audit supprimées : {$a}';
$string['task:auditcleanup'] = 'Notifications de cours : purger l\'audit des envois';
$string['task:audited'] = 'Audit : {$a->sent} envoyées (un événement chacune), {$a->failed} en échec.';
$string['task:deliveronly'] = 'Les apprenants sont évalués toutes les {$a} minutes : cette exécution envoie seulement ce qui attend.';
$string['task:extensionmismatch'] = 'Attention : ce PHP charge l\'extension course_notification en version {$a->found}, et ce plugin attend la version {$a->expected}. Recompilez l\'extension à partir de cette version (README du plugin, « After a PHP update »).';
$string['task:extensionmissing'] = 'L\'extension PHP course_notification n\'est pas chargée par ce PHP, {$a} : rien n\'a été évalué ni envoyé. Les messages en file et les changements des apprenants attendent la première exécution après la correction. Que faire : recompiler l\'extension pour ce PHP et l\'activer pour la ligne de commande et le serveur web (README du plugin, « After a PHP update ») ; Administration du site > Rapports > État du système l\'indique aussi.';
$string['task:failure'] = 'Échec de l\'envoi de {$a->occkey} à {$a->email} : {$a->error}';
$string['task:mailoff'] = 'Le courriel est désactivé pour ce site ($CFG->noemailever) : rien n\'a été envoyé ; {$a} message(s) attendent dans la file.';
$string['task:messages'] = 'Notifications Moodle : {$a->sent} envoyées, {$a->failed} en échec.';
$string['task:notification'] = 'Envoi des notifications de cours';
$string['task:processuser'] = 'Notifications de cours pour un apprenant';
$string['task:retrylater'] = 'L\'évaluation de cet apprenant est remise en file pour le {$a} ; les exécutions complètes de la tâche planifiée la couvrent aussi dès le retour de l\'extension.';
$string['task:sitedisabled'] = 'Les notifications de cours sont désactivées pour le site : rien à faire.';
$string['task:skipped'] = 'Une autre exécution des notifications de cours est en cours (sur un autre nœud cron ?) ; celle-ci n\'a rien fait.';
$string['task:summary'] = 'Évaluées {$a->evaluated}, acceptées {$a->accepted}, écartées {$a->trapped}, mises en file {$a->queued}, envoyées {$a->sent}, en échec {$a->failed}, reportées {$a->deferred}.';
$string['testsend:bodyline'] = 'Ceci est un essai de la notification « {$a->notification} », rédigée pour {$a->learner} telle que cette personne la recevrait. Elle ne lui a pas été envoyée.';
$string['testsend:cannotpreview'] = 'Ce message ne peut pas être affiché : {$a}';
$string['testsend:cannotwrite'] = 'Ce message ne peut pas être rédigé : aucun essai n\'a été envoyé';
$string['testsend:decision'] = 'Une exécution maintenant déciderait';
$string['testsend:due'] = 'Échéance pour cette personne';
$string['testsend:html'] = 'Message HTML';
$string['testsend:lang'] = 'Langue';
$string['testsend:learner'] = 'Apprenant';
$string['testsend:link'] = 'Aperçu et envoi d\'essai';
$string['testsend:nodecision'] = 'Rien : la notification est désactivée, ou n\'a pas de moment pour cette personne';
$string['testsend:nodue'] = 'Pas maintenant';
$string['testsend:notsent'] = 'L\'essai n\'a pas pu être envoyé à {$a} (voir les réglages de courriel du site).';
$string['testsend:partbody'] = 'corps';
$string['testsend:partsubject'] = 'objet';
$string['testsend:problems'] = 'Problèmes des modèles';
$string['testsend:send'] = 'M\'envoyer cet essai ({$a})';
$string['testsend:sent'] = 'L\'essai a été envoyé à {$a}. L\'apprenant n\'a rien reçu.';
$string['testsend:show'] = 'Afficher';
$string['testsend:subject'] = 'Objet';
$string['testsend:subjectprefix'] = '[Essai] ';
$string['testsend:text'] = 'Message texte';
$string['testsend:timezone'] = 'Fuseau horaire';
$string['testsend:title'] = 'Aperçu et envoi d\'essai';
$string['topic:accessend'] = 'Rappels de la fin de votre accès à un cours';
$string['topic:all'] = 'Toutes les notifications de cours';
$string['topic:calls'] = 'Accueil et rappels pour commencer un cours';
$string['topic:completion'] = 'Messages sur l\'achèvement d\'un cours';
$string['topic:inactivity'] = 'Rappels quand vous n\'êtes pas venu dans un cours depuis un moment';
$string['trigger:accessend'] = 'Fin de l\'accès du participant';
$string['trigger:accessstart'] = 'Début de l\'accès du participant';
$string['trigger:completion'] = 'Achèvement du cours';
$string['trigger:courseend'] = 'Date de fin du cours';
$string['trigger:coursestart'] = 'Date de début du cours';
$string['trigger:enrolment'] = 'Inscription';
$string['trigger:lastaccess'] = 'Dernière visite du cours';
$string['unsubscribe:button'] = 'Se désabonner';
$string['unsubscribe:confirm'] = 'Ne plus recevoir ces courriels : {$a->topic}, de {$a->course} ?';
$string['unsubscribe:done'] = 'Vous ne recevrez plus ces courriels : {$a->topic}, de {$a->course}.';
$string['unsubscribe:essential'] = 'Les notifications que le site a marquées comme essentielles (par exemple la fin de votre accès à un cours) sont toujours envoyées.';
$string['unsubscribe:invalid'] = 'Ce lien de désabonnement n\'est pas valide : il a été modifié, ou le site a renouvelé ses liens. Rien n\'a été changé. Utilisez le lien d\'un courriel récent, ou connectez-vous et ouvrez vos préférences de notifications de cours.';
$string['unsubscribe:malformed'] = 'Ce lien de désabonnement est incomplet ou abîmé. Rien n\'a été changé. Copiez le lien entier depuis le courriel, ou connectez-vous et ouvrez vos préférences de notifications de cours.';
$string['unsubscribe:nopost'] = 'Cette requête ne demandait pas le désabonnement (List-Unsubscribe=One-Click). Rien n\'a été changé.';
$string['unsubscribe:nouser'] = 'Ce lien de désabonnement concerne un compte qui n\'existe plus. Rien n\'a été changé.';
$string['unsubscribe:preferences'] = 'Gérer vos préférences de notifications de cours';
$string['unsubscribe:title'] = 'Se désabonner';
$string['unsubscribe:undo'] = 'Vous avez changé d\'avis ? La page de vos préférences de notifications de cours permet de les recevoir à nouveau (il faudra vous connecter).';
$string['unsupporteddbtype'] = 'Le moteur de notifications ne lit que les bases MariaDB, MySQL et PostgreSQL ; ce site utilise « {$a} ».';
$string['unsupportedsmtpsecure'] = 'Le réglage de sécurité SMTP du site, « {$a} », n\'est pas reconnu par le moteur de notifications (aucun, ssl ou tls).';
$string['why:actions'] = 'Actions';
$string['why:attempts'] = 'Tentatives';
$string['why:decisions'] = 'Ce que le moteur décide maintenant (simulation)';
$string['why:due'] = 'Échéance';
$string['why:error'] = 'Dernière erreur';
$string['why:nodecisions'] = 'Le moteur n\'évalue rien pour ce participant dans ce cours.';
$string['why:nooutbox'] = 'Aucun message n\'a été préparé pour ce participant dans ce cours.';
$string['why:notrace'] = 'Aucune ligne de trace.';
$string['why:outbox'] = 'Messages préparés';
$string['why:outcome'] = 'Décision';
$string['why:output'] = 'Canal';
$string['why:reason'] = 'Motif';
$string['why:repeat'] = 'Répétition';
$string['why:rule'] = 'Règle';
$string['why:sent'] = 'Envoyé';
$string['why:subject'] = 'Objet';
$string['why:title'] = 'Notifications de {$a}';
$string['why:trace'] = 'Lignes de trace';
